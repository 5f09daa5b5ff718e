// Launching the built desktop app under Playwright's _electron, with its own
// userData folder. Finds Electron's binary the way scripts/start.mjs does,
// without loading the electron package (whose install step downloads it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const PLATFORM_BINARY: Partial<Record<NodeJS.Platform, string>> = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };

export function electronBinary(): string | null {
  const pkgDir = path.join(ROOT, 'node_modules', 'electron');
  let relative = PLATFORM_BINARY[process.platform] ?? 'electron';
  try {
    relative = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim() || relative;
  } catch {
    // No path.txt: the install script never ran.
  }
  const file = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist'), relative);
  return fs.existsSync(file) ? file : null;
}

/** Why the suite cannot run here, or null when it can. */
export function whyNotRunnable(): string | null {
  if (!electronBinary()) {
    return "Electron's binary is not installed (node_modules/electron/dist is missing; its download needs GitHub), so the Electron shell suite is skipped. The browser edition's suite covers the UI.";
  }
  for (const file of ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
    if (!fs.existsSync(path.join(ROOT, file))) return `${file} is missing: run \`node scripts/build.mjs\` first.`;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'No display: run the suite under xvfb-run (npm run test:electron).';
  }
  return null;
}

export function launchArgs(userDataDir: string): string[] {
  // Chromium refuses to start as root without its OS sandbox switched off (CI
  // containers). The renderer's own sandbox (webPreferences.sandbox) is unaffected.
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return [ROOT, `--user-data-dir=${userDataDir}`, ...(root ? ['--no-sandbox'] : [])];
}

export async function launchApp(userDataDir: string): Promise<{ app: ElectronApplication; page: Page }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AUTOGRAD_LAB_') && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  const app = await _electron.launch({ executablePath: electronBinary()!, args: launchArgs(userDataDir), env, timeout: 30_000 });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}
