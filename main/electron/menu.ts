// The application menu as plain data (type-only Electron import), so its
// commands and shortcuts are tested under Node. Items that act on the lab send
// a MenuEvent to the renderer; the rest are Electron's standard roles.

import type { MenuItemConstructorOptions } from 'electron';
import type { MenuEvent } from '../../core/contract/bridge';

export interface RecentExperiment {
  id: string;
  name: string;
}

export interface MenuInput {
  platform: NodeJS.Platform;
  /** Newest first; shown under Open Recent. */
  recent: readonly RecentExperiment[];
  send: (event: MenuEvent) => void;
  /** Development builds get Reload and the developer tools. */
  dev: boolean;
  appName: string;
}

export const RECENT_LIMIT = 10;

/** Menu item ids (`Menu.getMenuItemById`), used by the Electron end-to-end suite. */
export const MENU_ITEM_IDS = ['lab-new', 'lab-open-recent', 'lab-save', 'lab-export', 'lab-import', 'lab-run', 'lab-examples', 'lab-history', 'lab-about'] as const;

/** Menu labels use `&` for access keys; a name must not create one. */
function escapeLabel(name: string): string {
  const oneLine = name.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine;
  return short.replace(/&/g, '&&');
}

export function buildMenuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const { send } = input;
  const mac = input.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] = input.recent.length
    ? input.recent.slice(0, RECENT_LIMIT).map((e) => ({ label: escapeLabel(e.name) || e.id, click: () => send({ command: 'open', id: e.id }) }))
    : [{ label: 'No saved experiments', enabled: false }];

  const about: MenuItemConstructorOptions = { id: 'lab-about', label: `About ${input.appName}`, click: () => send({ command: 'about' }) };

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { id: 'lab-new', label: '&New Experiment', accelerator: 'CmdOrCtrl+N', click: () => send({ command: 'new' }) },
      { id: 'lab-open-recent', label: 'Open &Recent', submenu: recent },
      { type: 'separator' },
      { id: 'lab-save', label: '&Save', accelerator: 'CmdOrCtrl+S', click: () => send({ command: 'save' }) },
      { type: 'separator' },
      { id: 'lab-export', label: '&Export…', accelerator: 'CmdOrCtrl+Shift+E', click: () => send({ command: 'export' }) },
      { id: 'lab-import', label: '&Import…', accelerator: 'CmdOrCtrl+O', click: () => send({ command: 'import' }) },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  const lab: MenuItemConstructorOptions = {
    label: '&Lab',
    submenu: [
      { id: 'lab-run', label: '&Run', accelerator: 'CmdOrCtrl+Enter', click: () => send({ command: 'run' }) },
      { type: 'separator' },
      { id: 'lab-examples', label: 'E&xamples', click: () => send({ command: 'examples' }) },
      { id: 'lab-history', label: '&History…', click: () => send({ command: 'history' }) },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(input.dev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = { label: '&Help', role: 'help', submenu: mac ? [] : [about] };

  return [
    ...(mac
      ? [
          {
            label: input.appName,
            submenu: [about, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
          } as MenuItemConstructorOptions,
        ]
      : []),
    file,
    // The edit roles give the editor working clipboard shortcuts on macOS.
    { role: 'editMenu' },
    lab,
    view,
    { role: 'windowMenu' },
    help,
  ];
}
