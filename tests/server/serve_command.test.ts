// `autograd-lab serve`: arguments, the printed launch line, opening the
// browser, and a clean stop on SIGTERM (as a real child process).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runServeCommand } from '../../main/cli/serve_command';
import { tempDir } from '../service/helpers';
import { api } from './http_client';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

const LAUNCH_LINE = /^http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+)$/m;

describe('autograd-lab serve', () => {
  it('prints the launch URL on its own line, opens it, and serves the database given', async () => {
    const { io, out } = capture();
    const dbPath = path.join(tempDir(), 'served.sqlite');
    const opened: string[] = [];
    let answer: unknown;
    const code = await runServeCommand(['--db', dbPath, '--port', '0'], io, {
      openBrowser: (url) => opened.push(url),
      untilStopped: async (server) => {
        answer = (await api(server.port, 'appInfo', {}, server.token)).json();
      },
    });
    expect(code).toBe(0);
    const match = LAUNCH_LINE.exec(out.join(''));
    expect(match).not.toBeNull();
    expect(opened).toEqual([match![0]]);
    expect(answer).toMatchObject({ ok: true, value: { dbPath, edition: 'browser' } });
  });

  it('does not open a browser with --no-open, and rejects bad arguments', async () => {
    const opened: string[] = [];
    const { io } = capture();
    expect(await runServeCommand(['--no-open', '--db', path.join(tempDir(), 'a.sqlite')], io, { openBrowser: (u) => opened.push(u), untilStopped: async () => {} })).toBe(0);
    expect(opened).toEqual([]);
    const bad = capture();
    expect(await runServeCommand(['--port', 'eighty'], bad.io)).toBe(2);
    expect(bad.err.join('')).toContain('--port must be a number');
    const unknown = capture();
    expect(await runServeCommand(['--bogus'], unknown.io)).toBe(2);
    expect(unknown.err.join('')).toContain("Unknown option '--bogus'");
  });

  it('reports a busy port clearly', async () => {
    const first = capture();
    let busyPort = 0;
    const second = capture();
    await runServeCommand(['--no-open', '--db', path.join(tempDir(), 'b.sqlite')], first.io, {
      untilStopped: async (server) => {
        busyPort = server.port;
        expect(await runServeCommand(['--no-open', '--port', String(busyPort), '--db', path.join(tempDir(), 'c.sqlite')], second.io)).toBe(1);
      },
    });
    expect(second.err.join('')).toContain(`port ${busyPort} is already in use`);
  });

  it('runs as a process and stops cleanly on SIGTERM', async () => {
    const dbPath = path.join(tempDir(), 'proc.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/server/fixtures/serve_main.ts', '--no-open', '--db', dbPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const match = await new Promise<RegExpExecArray>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = LAUNCH_LINE.exec(stdout);
        if (m) resolve(m);
      });
      child.on('exit', (code) => reject(new Error(`serve exited early with ${code}: ${stdout}`)));
    });
    const res = await api(Number(match[1]), 'appInfo', {}, match[2]);
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
