// SIGKILL a process that is saving in a loop, at random moments, 30+ times.
// After each kill the database must pass integrity_check and hold every save
// the child acknowledged (printed after the commit returned).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExperimentStore } from '../../main/store/index';
import { MIGRATIONS_DIR, REPO_ROOT, removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

const KILLS = 32;

interface Run {
  acked: Array<{ id: string; revision: number }>;
  sawReady: boolean;
}

/** Start the child; kill it `delayMs` after it is ready (or after spawn, if `fromSpawn`). */
function runAndKill(db: string, delayMs: number, fromSpawn: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests/store/crash_child.ts'), db], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let sawReady = false;
    const kill = () => setTimeout(() => child.kill('SIGKILL'), delayMs);
    if (fromSpawn) kill();
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!sawReady && out.startsWith('ready\n')) {
        sawReady = true;
        if (!fromSpawn) kill();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited by itself (code ${code}): ${err}`));
      // Only complete lines are acknowledgements; a torn last line is not.
      const lines = out.split('\n').slice(0, -1).filter((l) => l !== 'ready');
      resolve({ sawReady, acked: lines.map((l) => ({ id: l.split(' ')[0], revision: Number(l.split(' ')[1]) })) });
    });
  });
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs at random moments without losing an acknowledged save`, async () => {
    const db = path.join(tempDir(), 'crash.sqlite');
    const latest = new Map<string, number>();
    let totalAcked = 0;
    let killedDuringOpen = 0;
    for (let k = 0; k < KILLS; k++) {
      // A quarter of the kills land anywhere from spawn on (often during open
      // or migration); the rest land while the loop is saving.
      const fromSpawn = k % 4 === 0;
      const delay = fromSpawn ? 150 + Math.random() * 350 : 5 + Math.random() * 120;
      const run = await runAndKill(db, delay, fromSpawn);
      if (!run.sawReady) killedDuringOpen++;
      for (const a of run.acked) latest.set(a.id, Math.max(latest.get(a.id) ?? 0, a.revision));
      totalAcked += run.acked.length;

      const store = ExperimentStore.open(db, { migrationsDir: MIGRATIONS_DIR });
      try {
        expect(store.recoveredFromCorruption).toBeNull();
        expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(store.db.pragma('foreign_key_check')).toEqual([]);
        for (const [id, revision] of latest) {
          const e = store.find(id);
          expect(e, `acknowledged experiment ${id} after kill ${k + 1}`).not.toBeNull();
          expect(e!.revision).toBeGreaterThanOrEqual(revision);
          expect(store.revisionCount(id)).toBe(e!.revision); // every save left its revision
        }
      } finally {
        store.close();
      }
    }
    // The test only means something if many saves were in flight when killed.
    expect(totalAcked).toBeGreaterThan(KILLS * 5);
    console.log(`crash test: ${KILLS} kills (${killedDuringOpen} before ready), ${totalAcked} acknowledged saves, ${latest.size} experiments, all present`);
  }, 120_000);
});
