// Starts the browser edition on a free port with a given database, the way a
// user does (`autograd-lab serve --port 0 --no-open --db PATH`), and reads the
// printed launch URL. Falls back to starting the server from source when the
// CLI bundle has no `serve` yet.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface LabServer {
  /** http://127.0.0.1:PORT/#token=TOKEN */
  url: string;
  dbPath: string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../../..');
const URL_LINE = /^(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)\s*$/m;

function launch(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string } | { failed: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ failed: `no launch URL after 30 s\n${out}\n${err}` });
    }, 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = URL_LINE.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ failed: `exited with ${code}\n${out}\n${err}` });
    });
  });
}

export async function startLab(dbPath: string): Promise<LabServer> {
  const env = { ...process.env, AUTOGRAD_LAB_DB: dbPath };
  const cli = path.join(ROOT, 'dist/cli/autograd-lab.js');
  let started = existsSync(cli) ? await launch(process.execPath, [cli, 'serve', '--port', '0', '--no-open', '--db', dbPath], env) : { failed: 'no CLI bundle' };
  if ('failed' in started) {
    const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
    started = await launch(process.execPath, [tsx, 'tests/e2e/support/serve.ts', '--db', dbPath, '--static', 'dist/renderer'], env);
  }
  if ('failed' in started) throw new Error(`The lab server did not start: ${started.failed}`);
  const { child, url } = started;
  return {
    url,
    dbPath,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
