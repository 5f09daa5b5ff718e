// The experiment model and every operation on it. Each write is a single
// BEGIN IMMEDIATE transaction, so a save is all-or-nothing and the revision
// check and the write cannot interleave with another process's save.
//
// Times are ISO-8601 UTC strings with milliseconds (`toISOString()`), in the
// database, in the API and in export files.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { z } from 'zod';
import { ConflictError, ImportError, StoreError, translateSqliteError } from './errors';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, parseExportFile } from './export_format';
import type { ExportFile, ExportedExperiment } from './export_format';
import { findUnsafeJson, formatBytes, formatPath, serializeJson, utf8Bytes } from './json_safety';
import { LIMITS } from './limits';
import { openDatabase } from './open_database';
import type { CorruptionRecovery, OpenDatabaseOptions, OpenedDatabase } from './open_database';
import { builderStateSchema, engineVersionSchema, idSchema, nameSchema, notesSchema, scriptSchema, seedSchema } from './schemas';
import type { BuilderState } from './schemas';

export type { BuilderState };

/** What a list shows: everything but the (possibly large) text fields. */
export interface ExperimentSummary {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  /** Current revision number; every save adds one. */
  revision: number;
  seed: number | null;
  engine_version: string | null;
  /** Set while the experiment is in the trash. */
  deleted_at: string | null;
}

export interface Experiment extends ExperimentSummary {
  notes: string;
  /** The source of truth: re-running it with `seed` reproduces the results. */
  script: string;
  builder_state: BuilderState | null;
  /** Snapshot of the last run, opaque to the store; null if none or stale. */
  last_result: unknown;
}

export interface NewExperiment {
  name: string;
  script: string;
  notes?: string;
  builder_state?: BuilderState | null;
  seed?: number | null;
  engine_version?: string | null;
  last_result?: unknown;
}

/** Fields to change in a save; omitted fields keep their stored value. */
export interface ExperimentChanges {
  name?: string;
  notes?: string;
  script?: string;
  builder_state?: BuilderState | null;
  seed?: number | null;
  engine_version?: string | null;
  /**
   * The run result for the saved content. If omitted and the script, builder
   * state or seed changed, the old snapshot is dropped: it no longer describes
   * this content.
   */
  last_result?: unknown;
}

export interface RevisionSummary {
  revision: number;
  saved_at: string;
  name: string;
  seed: number | null;
  engine_version: string | null;
}

export interface Revision extends RevisionSummary {
  notes: string;
  script: string;
  builder_state: BuilderState | null;
}

export interface ListOptions {
  /** Full-text search over name, notes and script; every word must match (as a prefix). */
  search?: string;
  /** Page size, default 50, at most 1000. */
  limit?: number;
  offset?: number;
  /** List the trash instead of live experiments (ordered by deletion time). */
  trash?: boolean;
}

export interface ListResult {
  experiments: ExperimentSummary[];
  /** Number of matches over all pages. */
  total: number;
  limit: number;
  offset: number;
}

export interface ImportReport {
  imported: number;
  /** Ids of the imported experiments as stored, in file order. */
  ids: string[];
  /** Experiments whose id was already taken and were given a new one. */
  renamed: Array<{ from: string; to: string }>;
}

export interface ExportReport {
  path: string;
  exported: number;
  ids: string[];
}

export interface StoreOptions extends OpenDatabaseOptions {
  /** Clock for created/updated/saved times (tests). */
  clock?: () => Date;
}

interface ExperimentRow {
  pk: number;
  id: string;
  name: string;
  notes: string;
  script: string;
  builder_state: string | null;
  seed: number | null;
  engine_version: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

interface RevisionRow {
  revision: number;
  saved_at: string;
  name: string;
  notes: string;
  script: string;
  builder_state: string | null;
  seed: number | null;
  engine_version: string | null;
}

const SUMMARY_COLUMNS = 'id, name, created_at, updated_at, revision, seed, engine_version, deleted_at';

export class ExperimentStore {
  readonly path: string;
  /** Non-null if opening found a corrupt file, moved it aside and started fresh. */
  readonly recoveredFromCorruption: CorruptionRecovery | null;
  readonly schemaVersion: number;
  readonly #db: BetterSqlite3.Database;
  readonly #clock: () => Date;
  readonly #q: ReturnType<typeof prepareStatements>;
  /** list() builds a few SQL variants; each is prepared once. */
  readonly #listStatements = new Map<string, BetterSqlite3.Statement>();

  private constructor(opened: OpenedDatabase, clock: () => Date) {
    this.#db = opened.db;
    this.path = opened.path;
    this.recoveredFromCorruption = opened.recoveredFromCorruption;
    this.schemaVersion = opened.schemaVersion;
    this.#clock = clock;
    this.#q = prepareStatements(opened.db);
  }

  /** Open (creating and migrating as needed) the database at `file`. */
  static open(file: string, options: StoreOptions = {}): ExperimentStore {
    return new ExperimentStore(openDatabase(file, options), options.clock ?? (() => new Date()));
  }

  /** The underlying connection, for diagnostics and tests. */
  get db(): BetterSqlite3.Database {
    return this.#db;
  }

  close(): void {
    if (!this.#db.open) return;
    try {
      this.#db.pragma('optimize');
    } catch {
      // optimize is advisory; a locked database must still close
    }
    this.#db.close();
  }

  // ── reads ────────────────────────────────────────────────────────────────

  /** The experiment, or null if there is none with this id (trashed ones included). */
  find(id: string): Experiment | null {
    return this.#read(() => {
      const row = this.#q.byId.get(id) as ExperimentRow | undefined;
      if (!row) return null;
      const result = this.#q.resultByPk.get(row.pk) as { result: string } | undefined;
      return { ...toSummary(row), notes: row.notes, script: row.script, builder_state: parseStored(row.builder_state) as BuilderState | null, last_result: result ? JSON.parse(result.result) : null };
    });
  }

  /** Like find, but a missing experiment is a `not_found` error. */
  get(id: string): Experiment {
    const exp = this.find(id);
    if (!exp) throw notFound(id);
    return exp;
  }

  list(options: ListOptions = {}): ListResult {
    const limit = clampInt(options.limit ?? 50, 1, LIMITS.listLimitMax, 'limit');
    const offset = clampInt(options.offset ?? 0, 0, Number.MAX_SAFE_INTEGER, 'offset');
    const trash = options.trash === true;
    const match = options.search === undefined ? null : toFtsQuery(options.search);
    return this.#read(() => {
      const where = trash ? 'e.deleted_at IS NOT NULL' : 'e.deleted_at IS NULL';
      const order = trash ? 'e.deleted_at DESC, e.pk DESC' : 'e.updated_at DESC, e.pk DESC';
      const cols = SUMMARY_COLUMNS.split(', ').map((c) => `e.${c}`).join(', ');
      if (match === null) {
        const rows = this.#prepared(`SELECT ${cols} FROM experiments e WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(limit, offset) as ExperimentSummary[];
        const total = (this.#prepared(`SELECT count(*) AS n FROM experiments e WHERE ${where}`).get() as { n: number }).n;
        return { experiments: rows.map(toSummary), total, limit, offset };
      }
      // Walk experiments in list order and keep those in the match set, rather
      // than sorting every match: a word found in every row costs ~1 ms, not ~20.
      const from = `experiments e WHERE ${where} AND +e.pk IN (SELECT rowid FROM experiments_fts WHERE experiments_fts MATCH ?)`;
      const rows = this.#prepared(`SELECT ${cols} FROM ${from} ORDER BY ${order} LIMIT ? OFFSET ?`).all(match, limit, offset) as ExperimentSummary[];
      return { experiments: rows.map(toSummary), total: this.#countMatches(match, trash), limit, offset };
    });
  }

  /** Revisions of an experiment, newest first. */
  history(id: string): RevisionSummary[] {
    return this.#read(() => {
      const pk = this.#pkOf(id);
      return this.#q.history.all(pk) as RevisionSummary[];
    });
  }

  getRevision(id: string, revision: number): Revision {
    return this.#read(() => {
      const row = this.#q.revision.get(this.#pkOf(id), revision) as RevisionRow | undefined;
      if (!row) throw new StoreError('not_found', `Experiment ${id} has no revision ${revision}`);
      return { ...row, builder_state: parseStored(row.builder_state) as BuilderState | null };
    });
  }

  revisionCount(id: string): number {
    return this.#read(() => (this.#q.revisionCount.get(this.#pkOf(id)) as { n: number }).n);
  }

  // ── writes ───────────────────────────────────────────────────────────────

  create(input: NewExperiment): ExperimentSummary {
    const v = validateFields(input, 'create');
    const now = this.#now();
    const id = randomUUID();
    return this.#write(() => {
      const pk = this.#insertExperiment({ id, name: v.name!, notes: v.notes ?? '', script: v.script!, builder_state: v.builder_state ?? null, seed: v.seed ?? null, engine_version: v.engine_version ?? null, revision: 1, created_at: now, updated_at: now });
      this.#insertRevisionFromRow(pk, now);
      if (v.last_result !== undefined && v.last_result !== null) this.#q.upsertResult.run(pk, v.last_result, now);
      return this.#summary(id);
    });
  }

  /**
   * Save new content as the next revision. `expectedRevision` is the revision
   * the caller edited; if the stored one differs (saved elsewhere meanwhile),
   * nothing is written and a ConflictError carries the current revision.
   */
  save(id: string, expectedRevision: number, changes: ExperimentChanges): ExperimentSummary {
    const v = validateFields(changes, 'save');
    return this.#write(() => {
      const row = this.#liveRow(id);
      if (row.revision !== expectedRevision) throw new ConflictError(id, expectedRevision, row.revision);
      return this.#applySave(row, v);
    });
  }

  /** Store a run result for the current revision without making a new revision. */
  setLastResult(id: string, expectedRevision: number, result: unknown): void {
    const v = validateFields({ last_result: result }, 'save');
    this.#write(() => {
      const row = this.#liveRow(id);
      if (row.revision !== expectedRevision) throw new ConflictError(id, expectedRevision, row.revision);
      if (v.last_result === null || v.last_result === undefined) this.#q.deleteResult.run(row.pk);
      else this.#q.upsertResult.run(row.pk, v.last_result, this.#now());
    });
  }

  /** Rename (a save of the name alone, so it is a revision too). */
  rename(id: string, name: string, expectedRevision?: number): ExperimentSummary {
    const v = validateFields({ name }, 'save');
    return this.#write(() => {
      const row = this.#liveRow(id);
      if (expectedRevision !== undefined && row.revision !== expectedRevision) throw new ConflictError(id, expectedRevision, row.revision);
      return this.#applySave(row, v);
    });
  }

  /** A new save whose content equals revision `revision`; the result snapshot is dropped. */
  restoreRevision(id: string, revision: number, expectedRevision?: number): ExperimentSummary {
    return this.#write(() => {
      const row = this.#liveRow(id);
      if (expectedRevision !== undefined && row.revision !== expectedRevision) throw new ConflictError(id, expectedRevision, row.revision);
      const old = this.#q.revision.get(row.pk, revision) as RevisionRow | undefined;
      if (!old) throw new StoreError('not_found', `Experiment ${id} has no revision ${revision}`);
      return this.#applySave(row, { name: old.name, notes: old.notes, script: old.script, builder_state: old.builder_state, seed: old.seed, engine_version: old.engine_version, last_result: null });
    });
  }

  /** Copy an experiment (content and result snapshot) under a new id, as revision 1. */
  duplicate(id: string, name?: string): ExperimentSummary {
    const v = name === undefined ? {} : validateFields({ name }, 'save');
    const now = this.#now();
    const newId = randomUUID();
    return this.#write(() => {
      const src = this.#liveRow(id);
      const copyName = v.name ?? truncate(`${src.name} (copy)`, LIMITS.nameChars);
      const pk = this.#insertExperiment({ ...src, id: newId, name: copyName, revision: 1, created_at: now, updated_at: now });
      this.#insertRevisionFromRow(pk, now);
      this.#q.copyResult.run(pk, now, src.pk);
      return this.#summary(newId);
    });
  }

  /** Move to the trash (reversible with restore). */
  delete(id: string): ExperimentSummary {
    return this.#write(() => {
      const row = this.#liveRow(id);
      this.#q.setDeleted.run(this.#now(), row.pk);
      return this.#summary(id);
    });
  }

  /** Bring back from the trash. */
  restore(id: string): ExperimentSummary {
    return this.#write(() => {
      const row = this.#rowOf(id);
      if (row.deleted_at === null) throw new StoreError('not_in_trash', `Experiment ${id} ("${row.name}") is not in the trash`);
      this.#q.setDeleted.run(null, row.pk);
      return this.#summary(id);
    });
  }

  /** Delete for good, with its revisions and result. Only experiments already in the trash can be purged. */
  purge(id: string): void {
    this.#write(() => {
      const row = this.#rowOf(id);
      if (row.deleted_at === null) {
        throw new StoreError('not_in_trash', `Experiment ${id} ("${row.name}") is not in the trash; delete it first, then purge`);
      }
      this.#q.purge.run(row.pk);
    });
  }

  // ── export / import ──────────────────────────────────────────────────────

  /**
   * Build an export: the given ids (trashed ones too), or every live
   * experiment. Includes full revision history and the result snapshot.
   */
  exportData(ids?: readonly string[]): ExportFile {
    return this.#read(() => {
      const rows: ExperimentRow[] = ids
        ? ids.map((id) => this.#rowOf(id))
        : (this.#db.prepare('SELECT * FROM experiments WHERE deleted_at IS NULL ORDER BY updated_at DESC, pk DESC').all() as ExperimentRow[]);
      const experiments = rows.map((row): ExportedExperiment => {
        const result = this.#q.resultByPk.get(row.pk) as { result: string } | undefined;
        const revisions = (this.#q.allRevisions.all(row.pk) as RevisionRow[]).map((r) => ({ ...r, builder_state: parseStored(r.builder_state) as BuilderState | null }));
        return {
          id: row.id,
          name: row.name,
          notes: row.notes,
          script: row.script,
          builder_state: parseStored(row.builder_state) as BuilderState | null,
          seed: row.seed,
          engine_version: row.engine_version,
          created_at: row.created_at,
          updated_at: row.updated_at,
          revision: row.revision,
          last_result: result ? JSON.parse(result.result) : null,
          revisions,
        };
      });
      return { format: EXPORT_FORMAT, format_version: EXPORT_FORMAT_VERSION, exported_at: this.#now(), experiments };
    });
  }

  /** Write an export file atomically (temp file + rename), so a crash never leaves half a file. */
  exportToFile(file: string, ids?: readonly string[]): ExportReport {
    const data = this.exportData(ids);
    const target = path.resolve(file);
    const tmp = `${target}.tmp-${process.pid}`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
      fs.renameSync(tmp, target);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw new StoreError('io', `Cannot write the export file ${target}: ${(e as Error).message}`, { cause: e });
    }
    return { path: target, exported: data.experiments.length, ids: data.experiments.map((x) => x.id) };
  }

  /** Import a `.autograd-lab.json` file. Invalid files throw ImportError and write nothing. */
  importFile(file: string): ImportReport {
    const source = path.resolve(file);
    let size: number;
    try {
      size = fs.statSync(source).size;
    } catch (e) {
      throw new StoreError('not_found', `Cannot read the import file ${source}: ${(e as Error).message}`, { cause: e });
    }
    if (size > LIMITS.importFileBytes) {
      throw new ImportError(source, [`the file is ${formatBytes(size)}; the limit is ${formatBytes(LIMITS.importFileBytes)}`], 'too_large');
    }
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(source, 'utf8'));
    } catch (e) {
      throw new ImportError(source, [`not valid JSON: ${(e as Error).message}`]);
    }
    return this.importData(data, source);
  }

  /** Import already-parsed export data; `source` names it in error messages. */
  importData(data: unknown, source = 'the import data'): ImportReport {
    const parsed = parseExportFile(data);
    if (!parsed.ok) throw new ImportError(source, parsed.issues);
    const now = this.#now();
    return this.#write(() => {
      const report: ImportReport = { imported: 0, ids: [], renamed: [] };
      for (const exp of parsed.file.experiments) {
        const id = this.#q.idExists.get(exp.id) ? randomUUID() : exp.id;
        if (id !== exp.id) report.renamed.push({ from: exp.id, to: id });
        const pk = this.#insertExperiment({
          id,
          name: exp.name,
          notes: exp.notes,
          script: exp.script,
          builder_state: jsonOrNull(exp.builder_state),
          seed: exp.seed,
          engine_version: exp.engine_version,
          revision: exp.revision,
          created_at: exp.created_at,
          updated_at: exp.updated_at,
        });
        for (const r of exp.revisions) {
          this.#q.insertRevision.run({ ...r, pk, builder_state: jsonOrNull(r.builder_state) });
        }
        // A file with partial history still gets its current content as a revision.
        if (!exp.revisions.some((r) => r.revision === exp.revision)) this.#insertRevisionFromRow(pk, exp.updated_at);
        if (exp.last_result !== null && exp.last_result !== undefined) this.#q.upsertResult.run(pk, JSON.stringify(exp.last_result), now);
        report.imported++;
        report.ids.push(id);
      }
      return report;
    });
  }

  // ── internals ────────────────────────────────────────────────────────────

  #now(): string {
    return this.#clock().toISOString();
  }

  #read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw translateSqliteError(e, this.path);
    }
  }

  #write<T>(fn: () => T): T {
    try {
      return this.#db.transaction(fn).immediate();
    } catch (e) {
      throw translateSqliteError(e, this.path);
    }
  }

  /**
   * Matches among live (or trashed) experiments. Counting the FTS index alone
   * is ~5x cheaper than joining it to the experiments, so for live lists we
   * count all matches and subtract the (usually few) trashed ones.
   */
  #countMatches(match: string, trash: boolean): number {
    const inTrash = (this.#prepared(
      'SELECT count(*) AS n FROM experiments e WHERE e.deleted_at IS NOT NULL AND +e.pk IN (SELECT rowid FROM experiments_fts WHERE experiments_fts MATCH ?)',
    ).get(match) as { n: number }).n;
    if (trash) return inTrash;
    const all = (this.#prepared('SELECT count(*) AS n FROM experiments_fts WHERE experiments_fts MATCH ?').get(match) as { n: number }).n;
    return all - inTrash;
  }

  #prepared(sql: string): BetterSqlite3.Statement {
    let st = this.#listStatements.get(sql);
    if (!st) {
      st = this.#db.prepare(sql);
      this.#listStatements.set(sql, st);
    }
    return st;
  }

  #rowOf(id: string): ExperimentRow {
    const row = this.#q.byId.get(id) as ExperimentRow | undefined;
    if (!row) throw notFound(id);
    return row;
  }

  #liveRow(id: string): ExperimentRow {
    const row = this.#rowOf(id);
    if (row.deleted_at !== null) throw new StoreError('in_trash', `Experiment ${id} ("${row.name}") is in the trash; restore it first`);
    return row;
  }

  #pkOf(id: string): number {
    return this.#rowOf(id).pk;
  }

  #summary(id: string): ExperimentSummary {
    return toSummary(this.#rowOf(id));
  }

  #insertExperiment(e: Omit<ExperimentRow, 'pk' | 'deleted_at'>): number {
    const info = this.#q.insertExperiment.run({ id: e.id, name: e.name, notes: e.notes, script: e.script, builder_state: e.builder_state, seed: e.seed, engine_version: e.engine_version, revision: e.revision, created_at: e.created_at, updated_at: e.updated_at });
    return Number(info.lastInsertRowid);
  }

  #insertRevisionFromRow(pk: number, savedAt: string): void {
    this.#q.snapshotRevision.run(savedAt, pk);
  }

  #applySave(row: ExperimentRow, v: ValidFields): ExperimentSummary {
    const now = this.#now();
    const next = {
      name: v.name ?? row.name,
      notes: v.notes ?? row.notes,
      script: v.script ?? row.script,
      builder_state: v.builder_state === undefined ? row.builder_state : v.builder_state,
      seed: v.seed === undefined ? row.seed : v.seed,
      engine_version: v.engine_version === undefined ? row.engine_version : v.engine_version,
    };
    this.#q.updateExperiment.run({ ...next, revision: row.revision + 1, updated_at: now, pk: row.pk });
    this.#insertRevisionFromRow(row.pk, now);
    const contentChanged = next.script !== row.script || next.builder_state !== row.builder_state || next.seed !== row.seed;
    if (v.last_result === null || (v.last_result === undefined && contentChanged)) this.#q.deleteResult.run(row.pk);
    else if (v.last_result !== undefined) this.#q.upsertResult.run(row.pk, v.last_result, now);
    return this.#summary(row.id);
  }
}

function prepareStatements(db: BetterSqlite3.Database) {
  return {
    byId: db.prepare('SELECT * FROM experiments WHERE id = ?'),
    idExists: db.prepare('SELECT 1 FROM experiments WHERE id = ?'),
    resultByPk: db.prepare('SELECT result FROM last_results WHERE experiment_pk = ?'),
    insertExperiment: db.prepare(
      `INSERT INTO experiments (id, name, notes, script, builder_state, seed, engine_version, revision, created_at, updated_at)
       VALUES (@id, @name, @notes, @script, @builder_state, @seed, @engine_version, @revision, @created_at, @updated_at)`,
    ),
    updateExperiment: db.prepare(
      `UPDATE experiments SET name = @name, notes = @notes, script = @script, builder_state = @builder_state, seed = @seed,
       engine_version = @engine_version, revision = @revision, updated_at = @updated_at WHERE pk = @pk`,
    ),
    snapshotRevision: db.prepare(
      `INSERT INTO revisions (experiment_pk, revision, name, notes, script, builder_state, seed, engine_version, saved_at)
       SELECT pk, revision, name, notes, script, builder_state, seed, engine_version, ? FROM experiments WHERE pk = ?`,
    ),
    insertRevision: db.prepare(
      `INSERT INTO revisions (experiment_pk, revision, name, notes, script, builder_state, seed, engine_version, saved_at)
       VALUES (@pk, @revision, @name, @notes, @script, @builder_state, @seed, @engine_version, @saved_at)`,
    ),
    upsertResult: db.prepare(
      `INSERT INTO last_results (experiment_pk, result, saved_at) VALUES (?, ?, ?)
       ON CONFLICT (experiment_pk) DO UPDATE SET result = excluded.result, saved_at = excluded.saved_at`,
    ),
    copyResult: db.prepare('INSERT INTO last_results (experiment_pk, result, saved_at) SELECT ?, result, ? FROM last_results WHERE experiment_pk = ?'),
    deleteResult: db.prepare('DELETE FROM last_results WHERE experiment_pk = ?'),
    setDeleted: db.prepare('UPDATE experiments SET deleted_at = ? WHERE pk = ?'),
    purge: db.prepare('DELETE FROM experiments WHERE pk = ?'),
    history: db.prepare('SELECT revision, saved_at, name, seed, engine_version FROM revisions WHERE experiment_pk = ? ORDER BY revision DESC'),
    allRevisions: db.prepare('SELECT revision, saved_at, name, notes, script, builder_state, seed, engine_version FROM revisions WHERE experiment_pk = ? ORDER BY revision'),
    revision: db.prepare('SELECT revision, saved_at, name, notes, script, builder_state, seed, engine_version FROM revisions WHERE experiment_pk = ? AND revision = ?'),
    revisionCount: db.prepare('SELECT count(*) AS n FROM revisions WHERE experiment_pk = ?'),
  };
}

/** Validated fields, with builder_state and last_result already serialized to JSON text. */
interface ValidFields {
  name?: string;
  notes?: string;
  script?: string;
  builder_state?: string | null;
  seed?: number | null;
  engine_version?: string | null;
  last_result?: string | null;
}

const FIELD_SCHEMAS = {
  name: nameSchema,
  notes: notesSchema,
  script: scriptSchema,
  seed: seedSchema,
  engine_version: engineVersionSchema,
} as const;

function validateFields(input: ExperimentChanges, mode: 'create' | 'save'): ValidFields {
  if (input === null || typeof input !== 'object') throw new StoreError('invalid_input', 'Experiment fields must be an object');
  const out: ValidFields = {};
  const problems: string[] = [];
  if (mode === 'create') {
    if (input.name === undefined) problems.push('name: is required');
    if (input.script === undefined) problems.push('script: is required');
  }
  for (const key of Object.keys(FIELD_SCHEMAS) as Array<keyof typeof FIELD_SCHEMAS>) {
    const value = input[key];
    if (value === undefined) continue;
    const r = (FIELD_SCHEMAS[key] as z.ZodType).safeParse(value);
    if (r.success) (out as Record<string, unknown>)[key] = r.data;
    else problems.push(...r.error.issues.map((i) => `${formatPath([key, ...i.path])}: ${i.message}`));
  }
  if (input.builder_state !== undefined) {
    const unsafe = findUnsafeJson(input.builder_state, ['builder_state']);
    const r = builderStateSchema.safeParse(input.builder_state);
    if (unsafe.length > 0) problems.push(...unsafe);
    else if (!r.success) problems.push(...r.error.issues.map((i) => `${formatPath(['builder_state', ...i.path])}: ${i.message}`));
    else out.builder_state = jsonField(input.builder_state, 'builder_state', LIMITS.builderStateBytes, problems);
  }
  if (input.last_result !== undefined) {
    const unsafe = findUnsafeJson(input.last_result, ['last_result']);
    if (unsafe.length > 0) problems.push(...unsafe);
    else out.last_result = jsonField(input.last_result, 'last_result', LIMITS.lastResultBytes, problems);
  }
  if (problems.length > 0) {
    const tooLarge = problems.every((p) => /limit is|at most/.test(p));
    throw new StoreError(tooLarge ? 'too_large' : 'invalid_input', `Invalid experiment: ${problems.join('; ')}`);
  }
  return out;
}

function jsonField(value: unknown, name: string, maxBytes: number, problems: string[]): string | null {
  if (value === null) return null;
  const s = serializeJson(value);
  if (!s.ok) {
    problems.push(`${name}: ${s.error}`);
    return null;
  }
  const bytes = utf8Bytes(s.text);
  if (bytes > maxBytes) problems.push(`${name}: is ${formatBytes(bytes)}, the limit is ${formatBytes(maxBytes)}`);
  return s.text;
}

function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function parseStored(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

function toSummary(r: ExperimentSummary): ExperimentSummary {
  return { id: r.id, name: r.name, created_at: r.created_at, updated_at: r.updated_at, revision: r.revision, seed: r.seed, engine_version: r.engine_version, deleted_at: r.deleted_at };
}

function notFound(id: string): StoreError {
  const shown = idSchema.safeParse(id).success ? id : JSON.stringify(id.slice(0, 100));
  return new StoreError('not_found', `No experiment with id ${shown}`);
}

function clampInt(n: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(n) || n < min || n > max) throw new StoreError('invalid_input', `${what} must be an integer from ${min} to ${max}, got ${n}`);
  return n;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max);
}

/**
 * Turn what a user types into a safe FTS5 query: each word becomes a quoted
 * prefix term, all must match. FTS syntax characters in the input are thus
 * literal text, never operators. Returns null if no word is left.
 */
export function toFtsQuery(search: string): string | null {
  const words = search.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}
