// Every failure the store reports is a StoreError with a stable `code`, so the
// service, CLI and UI can branch on the code and show `message` as-is: messages
// say what was wrong and where (file path, experiment id, JSON path of a field).

export type StoreErrorCode =
  | 'conflict' // save against a stale revision
  | 'not_found' // no such experiment / revision
  | 'in_trash' // the operation needs a live experiment, this one is in the trash
  | 'not_in_trash' // purge/restore of an experiment that is not in the trash
  | 'invalid_input' // a field given to the store is malformed
  | 'invalid_import' // an import file is malformed or hostile; nothing was written
  | 'too_large' // a field or file exceeds its size cap
  | 'newer_schema' // database written by a newer app version; left untouched
  | 'locked' // another process holds the database lock
  | 'read_only' // the database file or its folder is not writable
  | 'migration_failed' // a migration file failed; its transaction was rolled back
  | 'io'; // any other file-system / SQLite failure

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A save whose `expectedRevision` is not the stored revision. */
export class ConflictError extends StoreError {
  override readonly name = 'ConflictError';
  readonly id: string;
  readonly expectedRevision: number;
  readonly currentRevision: number;

  constructor(id: string, expectedRevision: number, currentRevision: number) {
    super(
      'conflict',
      `Experiment ${id} was saved elsewhere meanwhile: you edited revision ${expectedRevision}, ` +
        `the stored revision is now ${currentRevision}. Reload it (or save as a copy) before saving again.`,
    );
    this.id = id;
    this.expectedRevision = expectedRevision;
    this.currentRevision = currentRevision;
  }
}

/** An import file that failed validation; `issues` lists every problem with its JSON path. */
export class ImportError extends StoreError {
  override readonly name = 'ImportError';
  readonly issues: readonly string[];

  constructor(source: string, issues: readonly string[], code: 'invalid_import' | 'too_large' = 'invalid_import') {
    const shown = issues.slice(0, 10);
    const more = issues.length > shown.length ? `\n  … and ${issues.length - shown.length} more` : '';
    super(code, `Cannot import ${source}: nothing was written.\n  ${shown.join('\n  ')}${more}`);
    this.issues = issues;
  }
}

export function isStoreError(e: unknown): e is StoreError {
  return e instanceof StoreError;
}

/** SQLite's extended error code (e.g. 'SQLITE_BUSY_SNAPSHOT'), if `e` came from better-sqlite3. */
export function sqliteCode(e: unknown): string | undefined {
  if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('SQLITE_')) return e.code;
  return undefined;
}

/**
 * Map low-level SQLite failures to the store's vocabulary. `where` names the
 * database file so the message tells the user which file is the problem.
 */
export function translateSqliteError(e: unknown, where: string): unknown {
  if (e instanceof StoreError) return e;
  const code = sqliteCode(e);
  if (!code) return e;
  const detail = e instanceof Error ? e.message : String(e);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      'locked',
      `The experiment database ${where} is locked by another process (${detail}). ` +
        'Close other Autograd Lab windows or CLI commands using it and try again.',
      { cause: e },
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new StoreError(
      'read_only',
      `The experiment database ${where} is read-only (${detail}). ` +
        'Check the permissions of the file and its folder, or choose another file with --db / AUTOGRAD_LAB_DB.',
      { cause: e },
    );
  }
  if (code === 'SQLITE_TOOBIG') {
    return new StoreError('too_large', `A value is too large for the experiment database ${where} (${detail}).`, { cause: e });
  }
  if (code === 'SQLITE_FULL') {
    return new StoreError('io', `The disk holding the experiment database ${where} is full (${detail}).`, { cause: e });
  }
  return new StoreError('io', `The experiment database ${where} failed: ${detail} [${code}]`, { cause: e });
}
