// The one place the main window's BrowserWindow options are decided. Pure (a
// type-only Electron import), so a unit test can assert every security switch:
// Electronegativity misses an enabled nodeIntegration once a `sandbox` key exists.

import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowBounds } from './window_state';

export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;

export interface WindowOptionsInput {
  /** Absolute path of the bundled CommonJS preload (dist/electron/preload.cjs). */
  preloadPath: string;
  /** Restored bounds; x/y absent lets the OS place the window. */
  bounds: WindowBounds;
  /** Background painted before the renderer's first frame, to avoid a white flash in dark mode. */
  darkBackground: boolean;
  /** Window icon (Linux/Windows; macOS takes it from the bundle). */
  iconPath?: string;
}

export const DARK_BACKGROUND = '#1e1e1e';
export const LIGHT_BACKGROUND = '#ffffff';

export function backgroundColor(dark: boolean): string {
  return dark ? DARK_BACKGROUND : LIGHT_BACKGROUND;
}

export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const { bounds } = input;
  return {
    width: bounds.width,
    height: bounds.height,
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Autograd Lab',
    // Shown on 'ready-to-show', so the user never sees an empty frame.
    show: false,
    backgroundColor: backgroundColor(input.darkBackground),
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // Middle-click would otherwise try to open links in a new window.
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}
