#!/usr/bin/env node
// npm run test:electron — the Playwright _electron suites (tests/e2e/electron).
// On Linux without a display they run under xvfb-run. Where Electron's binary
// is not installed, every test skips and the suite prints why.
// Extra arguments go to `playwright test` (e.g. --reporter=list,json).

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const playwright = [path.join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', '-c', 'tests/e2e/electron/playwright.config.ts', ...process.argv.slice(2)];

const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const hasXvfb = headless && spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0;
const [command, args] = hasXvfb ? ['xvfb-run', ['-a', process.execPath, ...playwright]] : [process.execPath, playwright];
const r = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
process.exit(r.status ?? 1);
