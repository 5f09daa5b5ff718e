// Opening the experiment database safely: refuse a newer schema without
// touching the file, move a corrupt file aside and start fresh (telling the
// caller), turn lock and permission failures into clear errors, then migrate.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { StoreError, sqliteCode, translateSqliteError } from './errors';
import { defaultMigrationsDir, migrate, readMigrations } from './migrator';
import type { MigrationReport } from './migrator';
import { resolveNativeBinding } from './native_binding';

export interface OpenDatabaseOptions {
  /** Folder of `NNN_name.sql` files; default: the app's `migrations/`. */
  migrationsDir?: string;
  /** Stop migrating at this version (tests build older databases with it). */
  targetVersion?: number;
  /** How long to wait for another process's lock before failing with `locked`. */
  busyTimeoutMs?: number;
  /** better-sqlite3 addon path (Electron-ABI build); default from resolveNativeBinding(). */
  nativeBinding?: string;
  /** 'quick' runs PRAGMA quick_check on open to detect corruption (O(size), a few ms per 10 MB). */
  integrityCheck?: 'quick' | 'none';
  /** Clock for the quarantine file name. */
  now?: () => Date;
}

export interface CorruptionRecovery {
  /** Where the unreadable database (and its -wal/-shm files) now is. */
  movedTo: string;
  /** What SQLite said about it. */
  reason: string;
}

export interface OpenedDatabase {
  db: BetterSqlite3.Database;
  path: string;
  schemaVersion: number;
  migration: MigrationReport;
  /** Non-null when the file was corrupt and a fresh database was created; show this to the user. */
  recoveredFromCorruption: CorruptionRecovery | null;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 3000;

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const migrations = readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const latest = migrations.length;
  const timeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const nativeBinding = options.nativeBinding ?? resolveNativeBinding();
  const inMemory = file === ':memory:';
  const where = inMemory ? ':memory:' : path.resolve(file);
  let recovered: CorruptionRecovery | null = null;

  if (!inMemory) {
    ensureFolder(where);
    // Even a read-only open of a WAL database creates -wal/-shm beside it, so
    // a newer schema recorded in the header is refused before any open.
    const recorded = headerUserVersion(where);
    if (recorded !== null && recorded > latest) throw newerSchema(where, recorded, latest);
    const probe = probeExisting(where, { timeout, nativeBinding, check: options.integrityCheck ?? 'quick' });
    if (probe.kind === 'corrupt') {
      recovered = { movedTo: quarantine(where, (options.now ?? (() => new Date()))()), reason: probe.reason };
    } else if (probe.kind === 'ok' && probe.version > latest) {
      throw newerSchema(where, probe.version, latest);
    }
    assertWritable(where);
  }

  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(where, { timeout, ...(nativeBinding ? { nativeBinding } : {}) });
    // WAL: readers never block the writer, and a commit is one append to the WAL.
    db.pragma('journal_mode = WAL');
    // FULL (not WAL's usual NORMAL): each commit fsyncs the WAL, so a save the
    // user saw succeed also survives power loss or an OS crash, not just an app
    // crash. Saves happen at human pace, and the fsync costs ~0.3 ms here.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Take the write lock once now, so a locked or read-only database fails at
    // open with a clear error instead of at the user's first save.
    db.exec('BEGIN IMMEDIATE; ROLLBACK;');
    const migration = migrate(db, migrations, options.targetVersion);
    return { db, path: where, schemaVersion: migration.to, migration, recoveredFromCorruption: recovered };
  } catch (e) {
    db?.close();
    throw translateSqliteError(e, where);
  }
}

function newerSchema(file: string, version: number, latest: number): StoreError {
  return new StoreError(
    'newer_schema',
    `The experiment database ${file} was written by a newer version of Autograd Lab ` +
      `(schema ${version}; this version knows up to ${latest}). It was left untouched: ` +
      'update Autograd Lab, or use another file with --db / AUTOGRAD_LAB_DB.',
  );
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * `PRAGMA user_version` as stored in the file header (4 bytes, big-endian,
 * at offset 60), or null when the file is absent or not an SQLite database.
 * A cleanly closed database holds its latest value there; a WAL not yet
 * checkpointed may hold a newer one, which the read-only probe still finds.
 */
function headerUserVersion(file: string): number | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const header = Buffer.alloc(100);
    if (fs.readSync(fd, header, 0, 100, 0) < 100) return null;
    if (header.toString('latin1', 0, 16) !== SQLITE_MAGIC) return null;
    return header.readUInt32BE(60);
  } finally {
    fs.closeSync(fd);
  }
}

type Probe = { kind: 'absent' } | { kind: 'ok'; version: number } | { kind: 'corrupt'; reason: string };

/** Look at an existing file read-only, so a refused (newer) database is never modified. */
function probeExisting(file: string, o: { timeout: number; nativeBinding?: string; check: 'quick' | 'none' }): Probe {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { kind: 'absent' };
  }
  if (stat.size === 0) return { kind: 'absent' }; // SQLite treats an empty file as a new database
  let probe: BetterSqlite3.Database | undefined;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true, timeout: o.timeout, ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}) });
    const version = probe.pragma('user_version', { simple: true }) as number;
    if (o.check === 'quick') {
      const result = probe.pragma('quick_check(5)', { simple: false }) as Array<{ quick_check: string }>;
      const problems = result.map((r) => r.quick_check).filter((r) => r !== 'ok');
      if (problems.length > 0) return { kind: 'corrupt', reason: `quick_check: ${problems.join('; ')}` };
    }
    return { kind: 'ok', version };
  } catch (e) {
    const code = sqliteCode(e);
    if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT')) {
      return { kind: 'corrupt', reason: `${(e as Error).message} [${code}]` };
    }
    if (code === 'SQLITE_CANTOPEN' || (e as NodeJS.ErrnoException).code === 'EACCES') {
      throw new StoreError('read_only', `Cannot open the experiment database ${file}: ${(e as Error).message}. Check the permissions of the file and its folder.`, { cause: e });
    }
    throw translateSqliteError(e, file);
  } finally {
    probe?.close();
  }
}

function ensureFolder(file: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (e) {
    throw new StoreError('read_only', `Cannot create the folder for the experiment database ${file}: ${(e as Error).message}`, { cause: e });
  }
}

function assertWritable(file: string): void {
  const target = fs.existsSync(file) ? file : path.dirname(file);
  try {
    fs.accessSync(target, fs.constants.W_OK);
    // SQLite also creates <file>-wal and <file>-shm next to the database.
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
  } catch (e) {
    throw new StoreError(
      'read_only',
      `The experiment database ${file} is read-only: ${(e as Error).message}. ` +
        'Check the permissions of the file and its folder, or choose another file with --db / AUTOGRAD_LAB_DB.',
      { cause: e },
    );
  }
}

/** Rename `<file>` (and its -wal/-shm) to `<file>.corrupt-<timestamp>`; returns the new path. */
function quarantine(file: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-'); // no ':' so the name is valid on Windows
  let target = `${file}.corrupt-${stamp}`;
  for (let n = 1; fs.existsSync(target); n++) target = `${file}.corrupt-${stamp}-${n}`;
  try {
    fs.renameSync(file, target);
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
    }
  } catch (e) {
    throw new StoreError('io', `The experiment database ${file} is corrupt and could not be moved aside: ${(e as Error).message}`, { cause: e });
  }
  return target;
}
