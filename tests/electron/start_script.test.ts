// `npm start` (scripts/start.mjs --no-build here; npm test builds first): the
// Electron app when its binary exists, else one line and the browser edition.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const start = path.join(root, 'scripts/start.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agl-start-'));
const builtCli = fs.existsSync(path.join(root, 'dist/cli/autograd-lab.js'));
const realElectron = fs.existsSync(path.join(root, 'node_modules/electron/dist'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function launch(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [start, '--no-build', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => stdout };
}

describe('npm start', () => {
  it.skipIf(!builtCli || realElectron)('without Electron’s binary, explains in one line and serves the browser edition', async () => {
    const db = path.join(tmp, 'start.sqlite');
    const app = launch(['--no-open', '--port', '0'], { AUTOGRAD_LAB_DB: db, ELECTRON_OVERRIDE_DIST_PATH: '' });
    try {
      const line = await new Promise<RegExpExecArray>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no launch address in:\n${app.output()}`)), 30_000);
        app.child.stdout.on('data', () => {
          const m = /^(http:\/\/127\.0\.0\.1:\d+\/)#token=(\S+)$/m.exec(app.output());
          if (m) {
            clearTimeout(timer);
            resolve(m);
          }
        });
      });
      const lines = app.output().split('\n');
      expect(lines[0]).toMatch(/^Electron's binary is not installed .*starting the browser edition/);
      expect(lines.filter((l) => /Electron/.test(l))).toHaveLength(1);
      const res = await fetch(`${line[1]}api/appInfo`, { method: 'POST', headers: { Authorization: `Bearer ${line[2]}`, 'Content-Type': 'application/json' }, body: '{}' });
      const body = (await res.json()) as { ok: boolean; value: { edition: string; dbPath: string } };
      expect(body).toMatchObject({ ok: true, value: { edition: 'browser', dbPath: db } });
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  });

  it('launches the Electron binary on the project when it is installed, passing arguments and the exit code through', async () => {
    const dist = path.join(tmp, 'electron-dist');
    fs.mkdirSync(dist, { recursive: true });
    const stub = path.join(dist, process.platform === 'win32' ? 'electron.exe' : 'electron');
    fs.writeFileSync(stub, '#!/bin/sh\necho "electron-stub $*"\nexit 7\n', { mode: 0o755 });
    const app = launch(['--user-data-dir=/tmp/x'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(await app.exited).toBe(7);
    expect(app.output()).toBe(`electron-stub ${root} --user-data-dir=/tmp/x\n`);
  });
});
