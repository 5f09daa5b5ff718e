// Numbered SQL migrations (`migrations/001_init.sql`, `002_fts.sql`, …) tracked
// by `PRAGMA user_version`. Each file runs in its own BEGIN IMMEDIATE
// transaction together with the version bump, so a crash or a failing file
// leaves the database at the previous version, never half-migrated.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from './errors';

export interface Migration {
  version: number;
  file: string;
  sql: string;
}

export interface MigrationReport {
  from: number;
  to: number;
  applied: string[];
}

const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

/** Read and order the migration files; numbering must run 1, 2, 3… with no gaps or duplicates. */
export function readMigrations(dir: string): Migration[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    throw new StoreError('io', `Cannot read the migrations folder ${dir}: ${(e as Error).message}`, { cause: e });
  }
  const migrations = names
    .filter((n) => MIGRATION_FILE.test(n))
    .map((file) => ({ version: Number(file.slice(0, 3)), file, sql: fs.readFileSync(path.join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  if (migrations.length === 0) throw new StoreError('io', `No migration files (NNN_name.sql) found in ${dir}`);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new StoreError('io', `Migration files in ${dir} must be numbered 001, 002, … without gaps or duplicates; found ${m.file} at position ${i + 1}`);
    }
  });
  return migrations;
}

export function schemaVersion(db: BetterSqlite3.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Apply every migration newer than the database's user_version, up to
 * `targetVersion` (default: all). The caller must already have refused a
 * database newer than the newest migration.
 */
export function migrate(db: BetterSqlite3.Database, migrations: readonly Migration[], targetVersion?: number): MigrationReport {
  const from = schemaVersion(db);
  const target = targetVersion ?? migrations.length;
  const applied: string[] = [];
  for (const m of migrations) {
    if (m.version <= from || m.version > target) continue;
    const apply = db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      if (schemaVersion(db) >= m.version) return false;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    try {
      if (apply.immediate()) applied.push(m.file);
    } catch (e) {
      if (e instanceof StoreError && e.code !== 'io') throw e;
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|READONLY)/.test(code)) throw e; // translated by the caller
      throw new StoreError('migration_failed', `Migration ${m.file} failed and was rolled back: ${(e as Error).message}`, { cause: e });
    }
  }
  return { from, to: schemaVersion(db), applied };
}

/**
 * Where the migration files are: `AUTOGRAD_LAB_MIGRATIONS_DIR`, else the first
 * `migrations/` folder holding `001_init.sql` found walking up from this module,
 * then from the running script, then from the working directory (covers the
 * source tree, a bundled `dist/` and an app.asar).
 */
export function defaultMigrationsDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.AUTOGRAD_LAB_MIGRATIONS_DIR;
  if (fromEnv) return fromEnv;
  const starts: string[] = [];
  // import.meta.url is absent if a bundler emits CommonJS; fall back quietly.
  const here = typeof import.meta.url === 'string' && import.meta.url.startsWith('file:') ? fileURLToPath(import.meta.url) : undefined;
  if (here) starts.push(path.dirname(here));
  if (process.argv[1]) starts.push(path.dirname(path.resolve(process.argv[1])));
  starts.push(process.cwd());
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'migrations');
      if (fs.existsSync(path.join(candidate, '001_init.sql'))) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new StoreError('io', `Cannot find the migrations folder (looked upwards from ${starts.join(', ')}); set AUTOGRAD_LAB_MIGRATIONS_DIR`);
}
