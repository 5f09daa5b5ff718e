// Runs main.ts itself against a recording stand-in for `electron` (the real
// package downloads Electron when loaded), with the real lab service on a real
// SQLite file: startup order, the window, the IPC wiring, the menu, shutdown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LAB_CHANNELS, LAB_EVENT_CHANNELS, runProgressEventSchema } from '../../core/contract/lab_api';
import { LAB_MENU_CHANNEL } from '../../core/contract/bridge';
import { APP_ENTRY_URL, APP_SCHEME } from '../../main/electron/app_protocol';
import { MENU_ITEM_IDS } from '../../main/electron/menu';
import type * as FakeElectron from './fixtures/fake_electron';

vi.mock('electron', () => import('./fixtures/fake_electron'));

let fake: typeof FakeElectron;
let userData: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  userData = fs.mkdtempSync(path.join(os.tmpdir(), 'agl-main-wiring-'));
  process.env.AUTOGRAD_LAB_USER_DATA = userData;
  delete process.env.AUTOGRAD_LAB_DB;
  fake = (await import('electron')) as unknown as typeof FakeElectron;
  await import('../../main/electron/main');
  fake.app.becomeReady();
  // Let the whenReady continuation run.
  await new Promise((resolve) => setTimeout(resolve, 50));
});
afterAll(() => {
  process.env = savedEnv;
  fs.rmSync(userData, { recursive: true, force: true });
});

function menuItems(items: unknown[]): Array<Record<string, unknown>> {
  return (items as Array<Record<string, unknown>>).flatMap((i) => [i, ...(Array.isArray(i.submenu) ? menuItems(i.submenu) : [])]);
}

describe('main.ts wiring', () => {
  it('sets userData from AUTOGRAD_LAB_USER_DATA, registers app:// and takes the lock before the app is ready', () => {
    expect(fake.app.getPath('userData')).toBe(userData);
    const ready = fake.calls.indexOf('ready');
    for (const early of ['setPath userData', 'registerSchemesAsPrivileged', 'requestSingleInstanceLock']) {
      expect(fake.calls.indexOf(early), early).toBeGreaterThanOrEqual(0);
      expect(fake.calls.indexOf(early), early).toBeLessThan(ready);
    }
    expect(fake.calls.indexOf('setPath userData')).toBeLessThan(fake.calls.indexOf('requestSingleInstanceLock'));
    expect(fake.protocol.privileged).toEqual([{ scheme: APP_SCHEME, privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('after ready: guards the session, serves app://, then opens one window on the app with the hardened options', () => {
    const ready = fake.calls.indexOf('ready');
    const order = ['setPermissionRequestHandler', `protocol.handle ${APP_SCHEME}`, 'new BrowserWindow'].map((c) => fake.calls.indexOf(c));
    expect(order.every((i) => i > ready)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(fake.BrowserWindow.all).toHaveLength(1);
    const win = fake.BrowserWindow.all[0]!;
    expect(win.loadedUrl).toBe(APP_ENTRY_URL);
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(fake.nativeTheme.themeSource).toBe('system');
  });

  it('guards the window’s contents: window.open is denied', () => {
    const win = fake.BrowserWindow.all[0]!;
    expect(win.webContents.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(win.webContents.listenerCount('will-navigate')).toBe(1);
  });

  it('answers the contract channels from the window with the real service, its database in userData', async () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...LAB_CHANNELS].sort());
    const win = fake.BrowserWindow.all[0]!;
    const invoke = (channel: string, payload: unknown) => fake.ipcMain.handlers.get(channel)!({ senderFrame: win.webContents.mainFrame }, payload);
    const info = (await invoke('lab:appInfo', {})) as { ok: boolean; value: { edition: string; dbPath: string } };
    expect(info).toMatchObject({ ok: true, value: { edition: 'electron', dbPath: path.join(userData, 'experiments.sqlite') } });
    const created = (await invoke('lab:createExperiment', { name: 'From IPC' })) as { ok: boolean; value: { id: string } };
    expect(created.ok).toBe(true);
    // Open Recent is rebuilt after a save-like call.
    const recent = menuItems((fake.Menu.current as { template: unknown[] }).template).find((i) => i.id === 'lab-open-recent')!;
    expect((recent.submenu as Array<{ label: string }>).map((i) => i.label)).toEqual(['From IPC']);
    const foreign = await fake.ipcMain.handlers.get('lab:appInfo')!({ senderFrame: { url: 'https://evil.example/', processId: 9, routingId: 1 } }, {});
    expect(foreign).toMatchObject({ ok: false, error: { type: 'Forbidden' } });
  });

  it('installs the menu, whose items reach the renderer once it has loaded', () => {
    const items = menuItems((fake.Menu.current as { template: unknown[] }).template);
    expect(items.map((i) => i.id).filter(Boolean).sort()).toEqual([...MENU_ITEM_IDS].sort());
    const win = fake.BrowserWindow.all[0]!;
    (items.find((i) => i.id === 'lab-run')!.click as () => void)();
    expect(win.webContents.sent).toEqual([]); // not loaded yet: queued
    win.webContents.emit('did-finish-load');
    (items.find((i) => i.id === 'lab-save')!.click as () => void)();
    expect(win.webContents.sent).toEqual([
      [LAB_MENU_CHANNEL, { command: 'run' }],
      [LAB_MENU_CHANNEL, { command: 'save' }],
    ]);
  });

  it('forwards a run’s loop progress to the window', async () => {
    const win = fake.BrowserWindow.all[0]!;
    const before = win.webContents.sent.length;
    const envelope = (await fake.ipcMain.handlers.get('lab:run')!({ senderFrame: win.webContents.mainFrame }, { script: 'total = 0\nfor i in range(3):\n    total = total + i\n', runId: 'wired-run', seed: 1 })) as { ok: boolean };
    expect(envelope.ok).toBe(true);
    const pushed = win.webContents.sent.slice(before).filter(([channel]) => channel === LAB_EVENT_CHANNELS.progress);
    expect(pushed.length).toBeGreaterThan(0);
    for (const [, event] of pushed) expect(runProgressEventSchema.parse(event)).toMatchObject({ runId: 'wired-run', total: 3 });
  });

  it('saves the window state on close and closes the service on quit', async () => {
    fake.BrowserWindow.all[0]!.simulateClose();
    const state = JSON.parse(fs.readFileSync(path.join(userData, 'window-state.json'), 'utf8'));
    expect(state).toEqual({ bounds: { x: 40, y: 30, width: 1001, height: 701 }, maximized: false, fullScreen: false });
    fake.app.emit('window-all-closed');
    expect(fake.app.quitRequested).toBe(1);
    // will-quit was deferred while the service closes, then quit is asked again.
    await vi.waitFor(() => expect(fake.app.quitRequested).toBe(2));
    expect(fake.dialog.errors).toEqual([]);
  });
});
