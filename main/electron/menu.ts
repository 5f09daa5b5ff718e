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

  const about: MenuItemConstructorOptions = { label: `About ${input.appName}`, click: () => send({ command: 'about' }) };

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: '&New Experiment', accelerator: 'CmdOrCtrl+N', click: () => send({ command: 'new' }) },
      { label: 'Open &Recent', submenu: recent },
      { type: 'separator' },
      { label: '&Save', accelerator: 'CmdOrCtrl+S', click: () => send({ command: 'save' }) },
      { type: 'separator' },
      { label: '&Export…', accelerator: 'CmdOrCtrl+Shift+E', click: () => send({ command: 'export' }) },
      { label: '&Import…', accelerator: 'CmdOrCtrl+O', click: () => send({ command: 'import' }) },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  const lab: MenuItemConstructorOptions = {
    label: '&Lab',
    submenu: [
      { label: '&Run', accelerator: 'CmdOrCtrl+Enter', click: () => send({ command: 'run' }) },
      { type: 'separator' },
      { label: 'E&xamples', click: () => send({ command: 'examples' }) },
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
