// scripts/rebuild-electron.mjs offline: one clear line, exit 1, and the Node
// build of better-sqlite3 untouched. The headers URL points at a closed local
// port so the test is offline even on a machine with internet.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, removeTempDirs, sha256, tempDir } from './helpers';

afterEach(removeTempDirs);

const NODE_BUILD = path.join(REPO_ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');

function runScript(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/rebuild-electron.mjs'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    // npm exports nodedir=/usr from the machine's npmrc to scripts; the script must ignore it.
    env: { ...process.env, npm_config_nodedir: '/usr', ...env },
  });
}

describe('rebuild:electron', () => {
  it('offline, fails with one clear line (no stack trace) and leaves the Node build alone', () => {
    const out = tempDir();
    const before = sha256(NODE_BUILD);
    const r = runScript(['--electron-version', '41.7.0'], { ELECTRON_HEADERS_URL: 'http://127.0.0.1:9', AUTOGRAD_LAB_ELECTRON_BUILD_DIR: out });
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rebuild:electron failed: could not download the Electron 41\.7\.0 headers from http:\/\/127\.0\.0\.1:9 /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(sha256(NODE_BUILD)).toBe(before);
    expect(fs.existsSync(path.join(out, 'better-sqlite3', 'better_sqlite3.node'))).toBe(false);
    // It downloaded from the Electron URL, not from Node's headers in /usr.
    expect(fs.readFileSync(path.join(out, 'rebuild.log'), 'utf8')).toContain('--runtime=electron');
  });

  it('rejects unknown arguments with one line', () => {
    const r = runScript(['--bogus'], { AUTOGRAD_LAB_ELECTRON_BUILD_DIR: tempDir() });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('rebuild:electron failed: unknown argument "--bogus" (try --help)\n');
  });
});
