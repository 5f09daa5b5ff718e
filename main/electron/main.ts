// The desktop app's main process: lifecycle, the one window, the menu, and the
// wiring of the lab service to the window.lab bridge. Deliberately thin; the
// decisions live in the pure modules beside it, which are tested under Node.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, app, dialog, ipcMain, nativeTheme, screen, session } from 'electron';
import { API_LIMITS, LAB_EVENT_CHANNELS } from '../../core/contract/lab_api';
import type { LabMethod } from '../../core/contract/lab_api';
import { LAB_MENU_CHANNEL } from '../../core/contract/bridge';
import type { MenuEvent } from '../../core/contract/bridge';
import { LabService, defaultWorkerSpec, toLabError } from '../service';
import { PRODUCT_NAME } from '../store';
import { APP_ENTRY_URL } from './app_protocol';
import { appPaths, unpackedAsarPath } from './app_paths';
import { guardContents, guardSession } from './guards';
import { registerLabIpc } from './ipc';
import { databasePathFor, experimentFilesInArgv, userDataOverride } from './launch_args';
import { buildMenuTemplate } from './menu';
import type { RecentExperiment } from './menu';
import { registerAppSchemePrivileges, serveAppScheme } from './protocol';
import { MIN_HEIGHT, MIN_WIDTH, backgroundColor, mainWindowOptions } from './window_options';
import { loadWindowState, saveWindowState } from './window_state';

const log = (message: string) => console.warn(`[autograd-lab] ${message}`);

/** Methods after which Open Recent may have changed. */
const CHANGES_RECENT = new Set<LabMethod>([
  'createExperiment',
  'saveExperiment',
  'renameExperiment',
  'duplicateExperiment',
  'deleteExperiment',
  'restoreExperiment',
  'purgeExperiment',
  'restoreRevision',
  'importExperiments',
]);

app.setName(PRODUCT_NAME);
// Set explicitly, not left to the name: unpackaged runs would otherwise use the
// npm package name, and the CLI and browser edition (main/store/paths.ts) look
// for the database under the product name. Before the single-instance lock,
// which belongs to the userData folder, so test runs with their own folders do
// not collide with a running app.
const dataOverride = userDataOverride(process.argv, process.env, process.cwd());
app.setPath('userData', dataOverride ?? path.join(app.getPath('appData'), PRODUCT_NAME));
registerAppSchemePrivileges();

const paths = appPaths(path.dirname(fileURLToPath(import.meta.url)));
let service: LabService | null = null;
let win: BrowserWindow | null = null;
let rendererLoaded = false;
/** Menu events waiting for the renderer to load (files the OS opened at launch). */
const pendingEvents: MenuEvent[] = [];
/** Files handed over before the service was ready (macOS open-file fires early). */
const pendingFiles: string[] = [];

function send(event: MenuEvent): void {
  if (win && rendererLoaded) win.webContents.send(LAB_MENU_CHANNEL, event);
  else pendingEvents.push(event);
}

function recentExperiments(): RecentExperiment[] {
  if (!service) return [];
  try {
    return service.store.list({ limit: 10 }).experiments.map((e) => ({ id: e.id, name: e.name }));
  } catch (error) {
    log(`cannot list recent experiments: ${String(error)}`);
    return [];
  }
}

function refreshMenu(): void {
  const template = buildMenuTemplate({ platform: process.platform, recent: recentExperiments(), send, dev: !app.isPackaged, appName: PRODUCT_NAME });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Imports an exported-experiments file the OS asked us to open, then opens it. */
async function openExperimentFile(file: string): Promise<void> {
  if (!service) {
    pendingFiles.push(file);
    return;
  }
  try {
    const stat = fs.statSync(file);
    if (stat.size > API_LIMITS.importChars * 4) throw new Error(`the file is too large (${stat.size} bytes)`);
    const content = fs.readFileSync(file, 'utf8');
    const result = await service.importExperiments({ content });
    refreshMenu();
    if (result.ids[0]) send({ command: 'open', id: result.ids[0] });
  } catch (error) {
    const { message } = toLabError(error);
    dialog.showErrorBox('Cannot open the file', `${path.basename(file)}: ${message}`);
  }
  focusWindow();
}

function focusWindow(): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function createWindow(): void {
  const userData = app.getPath('userData');
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const state = loadWindowState(userData, workAreas, { width: MIN_WIDTH, height: MIN_HEIGHT });
  win = new BrowserWindow(
    mainWindowOptions({
      preloadPath: paths.preload,
      bounds: state.bounds,
      darkBackground: nativeTheme.shouldUseDarkColors,
      iconPath: !app.isPackaged && fs.existsSync(paths.icon) ? paths.icon : undefined,
    }),
  );
  const current = win;
  if (state.maximized) current.maximize();
  if (state.fullScreen) current.setFullScreen(true);
  current.once('ready-to-show', () => current.show());
  current.webContents.on('did-finish-load', () => {
    rendererLoaded = true;
    for (const event of pendingEvents.splice(0)) current.webContents.send(LAB_MENU_CHANNEL, event);
  });
  // The page asks to stay open while an edit is unsaved; Electron would then
  // refuse to close without a word, so ask the user instead.
  current.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(current, {
      type: 'question',
      buttons: ['Close anyway', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'Close Autograd Lab?',
      detail: 'The open experiment has unsaved changes.',
    });
    if (choice === 0) event.preventDefault();
  });
  current.webContents.on('render-process-gone', (_event, details) => log(`renderer gone: ${details.reason}`));
  current.on('close', () => {
    try {
      saveWindowState(userData, { bounds: current.getNormalBounds(), maximized: current.isMaximized(), fullScreen: current.isFullScreen() });
    } catch (error) {
      log(`cannot save the window state: ${String(error)}`);
    }
  });
  current.on('closed', () => {
    win = null;
    rendererLoaded = false;
  });
  void current.loadURL(APP_ENTRY_URL);
}

function openService(): LabService {
  const dbPath = databasePathFor(app.getPath('userData'), process.env, process.cwd());
  const spec = defaultWorkerSpec();
  return LabService.open({ dbPath, edition: 'electron', workerSpec: { ...spec, file: typeof spec.file === 'string' ? unpackedAsarPath(spec.file) : spec.file } });
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns this userData folder; it gets our files via 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, cwd) => {
    focusWindow();
    for (const file of experimentFilesInArgv(argv.slice(1), cwd)) void openExperimentFile(file);
  });
  // macOS hands documents over with an event, possibly before 'ready'.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void openExperimentFile(file);
  });
  app.on('web-contents-created', (_event, contents) => guardContents(contents, log));

  app.whenReady().then(
    () => {
      nativeTheme.themeSource = 'system';
      guardSession(session.defaultSession, log);
      serveAppScheme(paths.renderer, log);
      try {
        service = openService();
      } catch (error) {
        dialog.showErrorBox('Autograd Lab cannot open its database', toLabError(error).message);
        app.exit(1);
        return;
      }
      const lab = service;
      registerLabIpc(ipcMain, {
        handlers: lab,
        mainFrame: () => (win && !win.isDestroyed() ? win.webContents.mainFrame : null),
        log,
        onSuccess: (method) => {
          if (CHANGES_RECENT.has(method)) refreshMenu();
        },
      });
      lab.on('progress', (event) => {
        if (win && rendererLoaded) win.webContents.send(LAB_EVENT_CHANNELS.progress, event);
      });
      // The page follows prefers-color-scheme itself; this keeps the frame behind it matching.
      nativeTheme.on('updated', () => win?.setBackgroundColor(backgroundColor(nativeTheme.shouldUseDarkColors)));
      refreshMenu();
      createWindow();
      const files = [...pendingFiles.splice(0), ...experimentFilesInArgv(process.argv.slice(1), process.cwd())];
      for (const file of files) void openExperimentFile(file);
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createWindow();
      });
    },
    (error: unknown) => log(`startup failed: ${String(error)}`),
  );

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let closing = false;
  app.on('will-quit', (event) => {
    if (closing || !service) return;
    // Stop workers and close the database cleanly before exiting.
    event.preventDefault();
    closing = true;
    service.close().then(
      () => app.quit(),
      (error: unknown) => {
        log(`closing the service failed: ${String(error)}`);
        app.exit(1);
      },
    );
  });
}
