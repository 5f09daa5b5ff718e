// Where the experiment database lives, computed without Electron so the CLI,
// the browser edition and the desktop app all open the same file. The folder
// is what Electron's app.getPath('userData') returns for productName
// "Autograd Lab" (appData + product name).

import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Autograd Lab';
export const DATABASE_FILE_NAME = 'experiments.sqlite';

export interface PlatformInfo {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homedir: string;
}

function currentPlatform(): PlatformInfo {
  return { platform: process.platform, env: process.env, homedir: os.homedir() };
}

/** Electron's `appData`: the per-user application-data root of the OS. */
export function appDataDir(p: PlatformInfo = currentPlatform()): string {
  if (p.platform === 'win32') {
    return p.env.APPDATA || path.win32.join(p.homedir, 'AppData', 'Roaming');
  }
  if (p.platform === 'darwin') {
    return path.posix.join(p.homedir, 'Library', 'Application Support');
  }
  // Electron (Chromium's base::nix) only honours an absolute XDG_CONFIG_HOME.
  const xdg = p.env.XDG_CONFIG_HOME;
  return xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(p.homedir, '.config');
}

/** Electron's `userData` for this product. */
export function userDataDir(p: PlatformInfo = currentPlatform()): string {
  const join = p.platform === 'win32' ? path.win32.join : path.posix.join;
  return join(appDataDir(p), PRODUCT_NAME);
}

/** The database the desktop app uses by default. */
export function defaultDatabasePath(p: PlatformInfo = currentPlatform()): string {
  const join = p.platform === 'win32' ? path.win32.join : path.posix.join;
  return join(userDataDir(p), DATABASE_FILE_NAME);
}

/** `--db PATH` wins, then `AUTOGRAD_LAB_DB`, then the app's default location. */
export function resolveDatabasePath(explicit?: string, p: PlatformInfo = currentPlatform()): string {
  if (explicit) return path.resolve(explicit);
  const fromEnv = p.env.AUTOGRAD_LAB_DB;
  if (fromEnv) return path.resolve(fromEnv);
  return defaultDatabasePath(p);
}
