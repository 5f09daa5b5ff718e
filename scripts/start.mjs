#!/usr/bin/env node
// npm start: build, then open the lab. Launches the Electron app when
// Electron's binary is installed; otherwise says so in one line and starts the
// browser edition (`autograd-lab serve`) instead.
//
//   npm start [-- ARGS]     ARGS go to Electron (e.g. --user-data-dir=DIR) or to serve (e.g. --port 8080 --no-open)
//   --no-build              skip the build (dist/ is already current)
//
// The binary is found the way node_modules/electron/index.js finds it
// (path.txt, ELECTRON_OVERRIDE_DIST_PATH) without loading that package, whose
// install step downloads from GitHub.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const PLATFORM_BINARY = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };

/** The Electron executable, or null when it is not installed. */
export function electronBinary(root = ROOT, env = process.env, platform = process.platform) {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  let relative = PLATFORM_BINARY[platform] ?? 'electron';
  try {
    relative = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim() || relative;
  } catch {
    // No path.txt: the install script never ran (or failed); use the platform default.
  }
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  const file = path.join(dist, relative);
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return file;
  } catch {
    return null;
  }
}

function run(command, args) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
  // Ctrl+C reaches the child through the terminal; wait for it to finish cleanly.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function main() {
  const args = process.argv.slice(2);
  const build = !args.includes('--no-build');
  const forwarded = args.filter((a) => a !== '--no-build');

  if (build) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }

  const electron = electronBinary();
  if (electron) {
    run(electron, [ROOT, ...forwarded]);
    return;
  }
  const cli = path.join('dist', 'cli', 'autograd-lab.js');
  console.log(`Electron's binary is not installed (node_modules/electron/dist is missing: its download from GitHub was skipped), so starting the browser edition instead: node ${cli} serve`);
  run(process.execPath, [path.join(ROOT, cli), 'serve', ...forwarded]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
