import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ExperimentStore, openDatabase, StoreError } from '../../main/store/index';
import { MIGRATIONS_DIR, REPO_ROOT, removeTempDirs, sampleScript, tempDir } from './helpers';

afterEach(removeTempDirs);

function catchStoreError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StoreError) return e;
    throw e;
  }
  throw new Error('expected a StoreError, nothing was thrown');
}

describe('openDatabase', () => {
  it('uses WAL, foreign keys and synchronous=FULL', () => {
    const { db } = openDatabase(path.join(tempDir(), 'db.sqlite'), { migrationsDir: MIGRATIONS_DIR });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    db.close();
  });

  it('creates missing parent folders', () => {
    const file = path.join(tempDir(), 'a', 'b', 'experiments.sqlite');
    const store = ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR });
    store.close();
    expect(fs.existsSync(file)).toBe(true);
  });
});

describe('corruption', () => {
  it('moves a garbage file aside as <name>.corrupt-<timestamp>, starts fresh and tells the caller', () => {
    const dir = tempDir();
    const file = path.join(dir, 'experiments.sqlite');
    const garbage = Buffer.from('this is not a database at all, just garbage bytes '.repeat(200));
    fs.writeFileSync(file, garbage);

    const store = ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR, clock: () => new Date(), now: () => new Date('2025-01-02T03:04:05.678Z') });
    const rec = store.recoveredFromCorruption;
    expect(rec).not.toBeNull();
    expect(rec!.movedTo).toBe(`${file}.corrupt-2025-01-02T03-04-05-678Z`);
    expect(rec!.reason).toMatch(/not a database/i);
    expect(fs.readFileSync(rec!.movedTo)).toEqual(garbage);
    // The fresh database works.
    const e = store.create({ name: 'after recovery', script: 'x = 1' });
    expect(store.get(e.id).name).toBe('after recovery');
    store.close();

    const again = ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR });
    expect(again.recoveredFromCorruption).toBeNull();
    expect(again.list().total).toBe(1);
    again.close();
  });

  it('detects a real database whose pages were overwritten (quick_check) and quarantines it with its WAL', () => {
    const dir = tempDir();
    const file = path.join(dir, 'experiments.sqlite');
    const store = ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR });
    for (let i = 0; i < 200; i++) store.create({ name: `e${i}`, script: sampleScript(i) });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    // Keep the 100-byte header valid (so SQLite opens it) and smash pages after the first few.
    const fd = fs.openSync(file, 'r+');
    const size = fs.fstatSync(fd).size;
    const junk = Buffer.alloc(64 * 1024, 0xa5);
    for (let off = 8 * 4096; off < size; off += 3 * junk.length) fs.writeSync(fd, junk, 0, Math.min(junk.length, size - off), off);
    fs.closeSync(fd);

    const reopened = ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR });
    expect(reopened.recoveredFromCorruption).not.toBeNull();
    expect(path.basename(reopened.recoveredFromCorruption!.movedTo)).toMatch(/^experiments\.sqlite\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(reopened.list().total).toBe(0);
    expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });
});

describe('locked database', () => {
  it('a save while another connection holds BEGIN EXCLUSIVE fails with a clear "locked" error and writes nothing', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const store = ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR, busyTimeoutMs: 100 });
    const e = store.create({ name: 'x', script: 'x = 1' });
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    const err = catchStoreError(() => store.save(e.id, 1, { script: 'x = 2' }));
    expect(err.code).toBe('locked');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/locked by another process/);
    other.exec('ROLLBACK');
    other.close();
    expect(store.get(e.id)).toMatchObject({ revision: 1, script: 'x = 1' });
    // Usable again once the lock is gone.
    expect(store.save(e.id, 1, { script: 'x = 2' }).revision).toBe(2);
    store.close();
  });

  it('opening while another process keeps an exclusive lock fails with "locked"', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR }).close();
    const other = new Database(file);
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS lock_holder (x); COMMIT;'); // takes and keeps the lock
    const err = catchStoreError(() => ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR, busyTimeoutMs: 100 }));
    expect(err.code).toBe('locked');
    expect(err.message).toContain(file);
    other.close();
  });
});

describe('read-only database', () => {
  // Root ignores file permissions, so as root the check runs in a child
  // process under the unprivileged "nobody" account, through the real CLI.
  it('gives a clear "read_only" error', () => {
    const dir = tempDir();
    const file = path.join(dir, 'db.sqlite');
    ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR }).close();
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dir, 0o555);
    try {
      const asRoot = process.getuid?.() === 0;
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests/store/cli_entry.ts'), '--db', file, 'list', '--json'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, HOME: dir, TSX_DISABLE_CACHE: '1' },
        ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      });
      expect(r.status).toBe(1);
      const err = JSON.parse(r.stderr) as { error: { code: string; message: string } };
      expect(err.error.code).toBe('read_only');
      expect(err.error.message).toContain(file);
      expect(err.error.message).toMatch(/read-only/);
    } finally {
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(file, 0o644);
    }
  });
});
