import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ExperimentStore, migrate, openDatabase, readMigrations, schemaVersion, StoreError } from '../../main/store/index';
import { MIGRATIONS_DIR, removeTempDirs, sha256, tempDir } from './helpers';

afterEach(removeTempDirs);

const LATEST = readMigrations(MIGRATIONS_DIR).length;

function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index','trigger') ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
}

describe('migrations', () => {
  it('are numbered 001.. without gaps and there are at least two', () => {
    const ms = readMigrations(MIGRATIONS_DIR);
    expect(ms.length).toBeGreaterThanOrEqual(2);
    expect(ms.map((m) => m.version)).toEqual(ms.map((_, i) => i + 1));
  });

  it('migrate an empty file to the latest version, and a second open applies nothing', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const first = openDatabase(file, { migrationsDir: MIGRATIONS_DIR });
    expect(first.migration).toEqual({ from: 0, to: LATEST, applied: readMigrations(MIGRATIONS_DIR).map((m) => m.file) });
    expect(tableNames(first.db)).toEqual(expect.arrayContaining(['experiments', 'revisions', 'last_results', 'experiments_fts']));
    first.db.close();
    const second = openDatabase(file, { migrationsDir: MIGRATIONS_DIR });
    expect(second.migration).toEqual({ from: LATEST, to: LATEST, applied: [] });
    second.db.close();
  });

  it('run on :memory: too', () => {
    const db = new Database(':memory:');
    const report = migrate(db, readMigrations(MIGRATIONS_DIR));
    expect(report.to).toBe(LATEST);
    expect(schemaVersion(db)).toBe(LATEST);
    db.close();
  });

  // Build a database as each older app version left it, with data, then let
  // the current code migrate it: the data must survive and be searchable.
  for (let version = 1; version < LATEST; version++) {
    it(`migrate a version-${version} database with data to the latest, keeping the data`, () => {
      const file = path.join(tempDir(), `v${version}.sqlite`);
      const old = openDatabase(file, { migrationsDir: MIGRATIONS_DIR, targetVersion: version });
      expect(schemaVersion(old.db)).toBe(version);
      const t = '2024-01-02T03:04:05.000Z';
      old.db
        .prepare(`INSERT INTO experiments (id, name, notes, script, builder_state, seed, engine_version, revision, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)`)
        .run('old-experiment', 'Quadratic bowl', 'made before search existed', 'y = (x ** 2 - 5).sum()\ny.backward()', '{"version":1,"root":"y"}', 42, '0.1.0', 2, t, t);
      const pk = (old.db.prepare('SELECT pk FROM experiments WHERE id = ?').get('old-experiment') as { pk: number }).pk;
      const rev = old.db.prepare('INSERT INTO revisions (experiment_pk, revision, name, notes, script, builder_state, seed, engine_version, saved_at) VALUES (?,?,?,?,?,?,?,?,?)');
      rev.run(pk, 1, 'First try', '', 'y = x.sum()', null, 42, '0.1.0', t);
      rev.run(pk, 2, 'Quadratic bowl', 'made before search existed', 'y = (x ** 2 - 5).sum()\ny.backward()', '{"version":1,"root":"y"}', 42, '0.1.0', t);
      old.db.prepare('INSERT INTO last_results (experiment_pk, result, saved_at) VALUES (?,?,?)').run(pk, '{"printed":"tensor([2.])"}', t);
      old.db.close();

      const store = ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR });
      expect(store.schemaVersion).toBe(LATEST);
      const e = store.get('old-experiment');
      expect(e).toMatchObject({ name: 'Quadratic bowl', notes: 'made before search existed', seed: 42, revision: 2, builder_state: { version: 1, root: 'y' }, last_result: { printed: 'tensor([2.])' } });
      expect(store.history('old-experiment').map((r) => r.name)).toEqual(['Quadratic bowl', 'First try']);
      // 002 indexes rows that existed before it.
      expect(store.list({ search: 'backward' }).experiments.map((x) => x.id)).toEqual(['old-experiment']);
      expect(store.list({ search: 'search existed' }).total).toBe(1);
      // And the migrated database keeps working for new saves.
      const saved = store.save('old-experiment', 2, { notes: 'migrated' });
      expect(saved.revision).toBe(3);
      store.close();
    });
  }

  it('a failing migration is rolled back, leaves the version alone and is named in the error', () => {
    const dir = tempDir();
    const migDir = path.join(dir, 'migrations');
    fs.mkdirSync(migDir);
    for (const m of readMigrations(MIGRATIONS_DIR)) fs.writeFileSync(path.join(migDir, m.file), m.sql);
    const bad = `${String(LATEST + 1).padStart(3, '0')}_broken.sql`;
    fs.writeFileSync(path.join(migDir, bad), 'CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\n');
    const file = path.join(dir, 'db.sqlite');
    let err: unknown;
    try {
      openDatabase(file, { migrationsDir: migDir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('migration_failed');
    expect((err as StoreError).message).toContain(bad);
    expect((err as StoreError).message).toContain('no_such_table');
    const db = new Database(file, { readonly: true });
    expect(schemaVersion(db)).toBe(LATEST);
    expect(tableNames(db)).not.toContain('half_done');
    db.close();
  });

  it('refuse numbering gaps', () => {
    const migDir = tempDir();
    fs.writeFileSync(path.join(migDir, '001_a.sql'), 'CREATE TABLE a (x);');
    fs.writeFileSync(path.join(migDir, '003_c.sql'), 'CREATE TABLE c (x);');
    expect(() => readMigrations(migDir)).toThrow(/003_c\.sql/);
  });

  it('refuse a database from a newer app and leave its bytes untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'future.sqlite');
    const future = new Database(file);
    future.exec("CREATE TABLE things (x TEXT); INSERT INTO things VALUES ('from the future');");
    future.pragma(`user_version = ${LATEST + 5}`);
    future.close();
    const before = sha256(file);
    const filesBefore = fs.readdirSync(dir).sort();

    let err: unknown;
    try {
      ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR });
    } catch (e) {
      err = e;
    }
    expect((err as StoreError).code).toBe('newer_schema');
    expect((err as StoreError).message).toContain(file);
    expect((err as StoreError).message).toContain(`schema ${LATEST + 5}`);
    expect(sha256(file)).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(filesBefore);
  });

  it('refuse a newer WAL database (as the app writes them) without creating -wal or -shm beside it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'future-wal.sqlite');
    const future = new Database(file);
    future.pragma('journal_mode = WAL');
    future.exec("CREATE TABLE things (x TEXT); INSERT INTO things VALUES ('from the future');");
    future.pragma(`user_version = ${LATEST + 1}`);
    future.close();
    const before = sha256(file);
    expect(fs.readdirSync(dir)).toEqual(['future-wal.sqlite']);

    expect(() => ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR })).toThrow(/newer version of Autograd Lab \(schema \d+/);
    expect(sha256(file)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['future-wal.sqlite']);
  });
});
