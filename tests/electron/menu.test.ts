import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuEventSchema } from '../../core/contract/bridge';
import type { MenuEvent } from '../../core/contract/bridge';
import { MENU_ITEM_IDS, RECENT_LIMIT, buildMenuTemplate } from '../../main/electron/menu';

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function build(platform: NodeJS.Platform, recent = [{ id: 'e1', name: 'Tom & Jerry\nloss' }], dev = false) {
  const sent: MenuEvent[] = [];
  const template = buildMenuTemplate({ platform, recent, dev, appName: 'Autograd Lab', send: (e) => sent.push(e) });
  const items = flatten(template);
  const byLabel = (label: string) => items.find((i) => i.label === label);
  const click = (label: string) => (byLabel(label)!.click as () => void)();
  return { template, items, sent, byLabel, click };
}

describe('application menu', () => {
  it('has New, Open Recent, Save, Run, Export…, Import…, Examples, History… and About, each sending its command', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const m = build(platform);
      for (const label of ['&New Experiment', '&Save', '&Run', '&Export…', '&Import…', 'E&xamples', '&History…', 'About Autograd Lab']) m.click(label);
      expect(m.sent.map((e) => e.command), platform).toEqual(['new', 'save', 'run', 'export', 'import', 'examples', 'history', 'about']);
      for (const e of m.sent) expect(menuEventSchema.parse(e)).toEqual(e);
    }
  });

  it('gives each lab item a unique id', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const ids = build(platform).items.map((i) => i.id).filter(Boolean);
      expect([...ids].sort(), platform).toEqual([...MENU_ITEM_IDS].sort());
    }
  });

  it('binds Save to CmdOrCtrl+S and Run to CmdOrCtrl+Enter, with no duplicate accelerators', () => {
    const m = build('linux', [], true);
    expect(m.byLabel('&Save')!.accelerator).toBe('CmdOrCtrl+S');
    expect(m.byLabel('&Run')!.accelerator).toBe('CmdOrCtrl+Enter');
    const accelerators = m.items.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
    // Chromium's own DevTools shortcut must stay free in development builds.
    expect(accelerators).not.toContain('CmdOrCtrl+Shift+I');
  });

  it('lists recent experiments, opening each by id, with labels that cannot create access keys', () => {
    const m = build('linux');
    const recent = m.byLabel('Open &Recent')!.submenu as MenuItemConstructorOptions[];
    expect(recent.map((i) => i.label)).toEqual(['Tom && Jerry loss']);
    (recent[0]!.click as () => void)();
    expect(m.sent).toEqual([{ command: 'open', id: 'e1' }]);
  });

  it('caps Open Recent and shows a disabled placeholder when empty', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ id: `id${i}`, name: `n${i}` }));
    expect((build('linux', many).byLabel('Open &Recent')!.submenu as unknown[]).length).toBe(RECENT_LIMIT);
    const empty = build('linux', []).byLabel('Open &Recent')!.submenu as MenuItemConstructorOptions[];
    expect(empty).toEqual([{ label: 'No saved experiments', enabled: false }]);
  });

  it('offers developer tools only in development builds', () => {
    const roles = (dev: boolean) => build('linux', [], dev).items.map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('puts About in the app menu on macOS and in Help elsewhere', () => {
    expect(build('darwin').template[0]!.label).toBe('Autograd Lab');
    expect(build('linux').template[0]!.label).toBe('&File');
    const help = build('linux').template.find((i) => i.label === '&Help')!;
    expect((help.submenu as MenuItemConstructorOptions[]).map((i) => i.label)).toEqual(['About Autograd Lab']);
  });
});
