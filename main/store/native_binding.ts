// better-sqlite3's compiled addon is ABI-specific: tests and the CLI run it
// under Node (node_modules/better-sqlite3/build), the desktop app under
// Electron. `npm run rebuild:electron` (scripts/rebuild-electron.mjs) puts an
// Electron-ABI build in its own folder; this picks it when running in Electron,
// passed to better-sqlite3 as the `nativeBinding` option.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ELECTRON_BINDING_RELATIVE = path.join('build-electron', 'better-sqlite3', 'better_sqlite3.node');

interface RuntimeInfo {
  versions: NodeJS.ProcessVersions;
  env: NodeJS.ProcessEnv;
  /** Electron's `process.resourcesPath` in a packaged app. */
  resourcesPath?: string;
  /** Folders to search upward from for `build-electron/…` (development runs). */
  searchFrom: string[];
}

function currentRuntime(): RuntimeInfo {
  const here = typeof import.meta.url === 'string' && import.meta.url.startsWith('file:') ? path.dirname(fileURLToPath(import.meta.url)) : undefined;
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  return {
    versions: process.versions,
    env: process.env,
    resourcesPath,
    searchFrom: [here, process.cwd()].filter((d): d is string => typeof d === 'string'),
  };
}

/**
 * The addon path to pass as `nativeBinding`, or undefined to let better-sqlite3
 * load its own build (plain Node). `AUTOGRAD_LAB_SQLITE_BINDING` overrides.
 * Under Electron, looks in `<resources>/better-sqlite3/` (packaged app: the
 * folder is shipped as an extra resource) and then in `build-electron/`
 * upward from this module (development).
 */
export function resolveNativeBinding(rt: RuntimeInfo = currentRuntime()): string | undefined {
  const override = rt.env.AUTOGRAD_LAB_SQLITE_BINDING;
  if (override) return override;
  if (!rt.versions.electron) return undefined;
  const candidates: string[] = [];
  if (rt.resourcesPath) candidates.push(path.join(rt.resourcesPath, 'better-sqlite3', 'better_sqlite3.node'));
  for (const start of rt.searchFrom) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      candidates.push(path.join(dir, ELECTRON_BINDING_RELATIVE));
      if (path.dirname(dir) === dir) break;
    }
  }
  // Not found: fall back to better-sqlite3's default, which fails with its own
  // "compiled against a different Node.js version" message naming the fix.
  return candidates.find((c) => fs.existsSync(c));
}
