// The Lab API behind both transports (Electron IPC, HTTP): the experiment
// store plus script runs in worker threads. Never imports electron.

import { EventEmitter } from 'node:events';
import { ExperimentStore, EXPORT_FILE_EXTENSION } from '../store/index';
import type { StoreOptions } from '../store/index';
import type { LabHandlers, LabParsedRequest, LabResponse, RunProgressEvent } from '../../core/contract/lab_api';
import { API_LIMITS } from '../../core/contract/lab_api';
import { labFailure } from './errors';
import { toExperiment, toRevisionDetail, toRevisionSummary, toSummary } from './mapping';
import { RunProgressBoard } from './progress_board';
import { RunWorkerPool } from './worker_pool';
import type { WorkerSpec } from './worker_pool';
import { defaultWorkerSpec } from './worker_spec';
import { APP_VERSION, ENGINE_VERSION } from './versions';

export const DEFAULT_RUN_TIME_MS = 20_000;
export const DEFAULT_RUN_MEMORY_MB = 512;

export interface LabServiceOptions {
  dbPath: string;
  edition: 'electron' | 'browser';
  /** Per-run wall-clock limit; default $AUTOGRAD_LAB_RUN_TIMEOUT_MS or 20 s. */
  runTimeMs?: number;
  /** Per-worker heap limit; default 512 MB. */
  runMemoryMb?: number;
  /** Runs executing at once (default 2); more wait in a queue. */
  maxWorkers?: number;
  workerSpec?: WorkerSpec;
  /** Start a run worker at once (apps: the first Run is faster); tests leave it off. */
  prewarmWorker?: boolean;
  storeOptions?: StoreOptions;
}

type Method<M extends keyof LabHandlers> = (request: LabParsedRequest<M>) => Promise<LabResponse<M>>;

/**
 * Emits 'progress' (RunProgressEvent) while runs loop; the Electron shell
 * forwards these to the renderer, the browser edition polls `progress`.
 */
export class LabService extends EventEmitter<{ progress: [RunProgressEvent] }> implements LabHandlers {
  readonly store: ExperimentStore;
  readonly #options: LabServiceOptions;
  readonly #pool: RunWorkerPool;
  readonly #board = new RunProgressBoard();
  readonly #runTimeMs: number;
  readonly #runMemoryMb: number;

  private constructor(store: ExperimentStore, options: LabServiceOptions) {
    super();
    this.store = store;
    this.#options = options;
    this.#runTimeMs = options.runTimeMs ?? (Number(process.env.AUTOGRAD_LAB_RUN_TIMEOUT_MS) || DEFAULT_RUN_TIME_MS);
    this.#runMemoryMb = options.runMemoryMb ?? DEFAULT_RUN_MEMORY_MB;
    this.#pool = new RunWorkerPool({
      spec: options.workerSpec ?? defaultWorkerSpec(),
      timeLimitMs: this.#runTimeMs,
      memoryLimitMb: this.#runMemoryMb,
      maxWorkers: options.maxWorkers,
      onProgress: (p) => {
        const event = this.#board.progress(p);
        if (event) this.emit('progress', event);
      },
    });
    if (options.prewarmWorker) this.#pool.prewarm();
  }

  /** Opens (creating or migrating) the database; store errors propagate as StoreError. */
  static open(options: LabServiceOptions): LabService {
    return new LabService(ExperimentStore.open(options.dbPath, options.storeOptions), options);
  }

  async close(): Promise<void> {
    await this.#pool.close();
    this.store.close();
  }

  // ── app and runs ─────────────────────────────────────────────────────────

  appInfo: Method<'appInfo'> = async () => {
    const recovered = this.store.recoveredFromCorruption;
    return {
      version: APP_VERSION,
      engineVersion: ENGINE_VERSION,
      edition: this.#options.edition,
      dbPath: this.store.path,
      notice: recovered
        ? `Your experiment database could not be read (${recovered.reason}). It was moved aside to ${recovered.movedTo} and a fresh one was created.`
        : null,
      limits: { runTimeMs: this.#runTimeMs, runMemoryMb: this.#runMemoryMb, runScriptChars: API_LIMITS.runScriptChars },
    };
  };

  run: Method<'run'> = async ({ script, seed, runId }) => {
    if (this.#pool.isRunning(runId)) throw labFailure('RunInProgress', `A run with id ${runId} is already running.`);
    this.#board.start(runId);
    try {
      return await this.#pool.run({ runId, script, seed: seed ?? null });
    } finally {
      this.#board.finish(runId);
    }
  };

  cancel: Method<'cancel'> = async ({ runId }) => ({ cancelled: this.#pool.cancel(runId) });

  progress: Method<'progress'> = async ({ runId }) => this.#board.get(runId);

  // ── experiments ──────────────────────────────────────────────────────────

  listExperiments: Method<'listExperiments'> = async (request) => {
    const { experiments, total } = this.store.list(request);
    return { experiments: experiments.map(toSummary), total };
  };

  getExperiment: Method<'getExperiment'> = async ({ id }) => toExperiment(this.store.get(id));

  createExperiment: Method<'createExperiment'> = async (request) => {
    const hasResult = request.lastResult !== undefined && request.lastResult !== null;
    const created = this.store.create({
      name: request.name,
      script: request.script ?? '',
      notes: request.notes,
      builder_state: request.builderState ?? null,
      seed: request.seed ?? null,
      engine_version: hasResult ? ENGINE_VERSION : null,
      last_result: request.lastResult,
    });
    return toExperiment(this.store.get(created.id));
  };

  saveExperiment: Method<'saveExperiment'> = async (request) => {
    const saved = this.store.save(request.id, request.expectedRevision, {
      name: request.name,
      notes: request.notes,
      script: request.script,
      builder_state: request.builderState,
      seed: request.seed,
      ...(request.lastResult !== undefined ? { last_result: request.lastResult, engine_version: ENGINE_VERSION } : {}),
    });
    return { revision: saved.revision, updatedAt: saved.updated_at };
  };

  renameExperiment: Method<'renameExperiment'> = async ({ id, name, expectedRevision }) =>
    toSummary(this.store.rename(id, name, expectedRevision));

  duplicateExperiment: Method<'duplicateExperiment'> = async ({ id, name }) => toSummary(this.store.duplicate(id, name));

  deleteExperiment: Method<'deleteExperiment'> = async ({ id }) => toSummary(this.store.delete(id));

  restoreExperiment: Method<'restoreExperiment'> = async ({ id }) => toSummary(this.store.restore(id));

  purgeExperiment: Method<'purgeExperiment'> = async ({ id }) => {
    this.store.purge(id);
    return { id };
  };

  listRevisions: Method<'listRevisions'> = async ({ id }) => ({ revisions: this.store.history(id).map(toRevisionSummary) });

  getRevision: Method<'getRevision'> = async ({ id, revision }) => toRevisionDetail(this.store.getRevision(id, revision));

  restoreRevision: Method<'restoreRevision'> = async ({ id, revision, expectedRevision }) =>
    toSummary(this.store.restoreRevision(id, revision, expectedRevision));

  // ── files ────────────────────────────────────────────────────────────────

  exportExperiments: Method<'exportExperiments'> = async ({ ids }) => {
    const data = this.store.exportData(ids);
    // One chosen experiment is named after itself; a backup of everything after its date.
    const only = ids?.length === 1 ? data.experiments[0].name : null;
    const stem = only ? slug(only) || 'experiment' : `autograd-lab-export-${data.exported_at.slice(0, 10)}`;
    return {
      fileName: `${stem}${EXPORT_FILE_EXTENSION}`,
      content: JSON.stringify(data, null, 2) + '\n',
      exported: data.experiments.length,
    };
  };

  importExperiments: Method<'importExperiments'> = async ({ content }) => {
    let data: unknown;
    try {
      data = JSON.parse(content);
    } catch (e) {
      throw labFailure('ImportError', `Cannot import the file: it is not valid JSON (${(e as Error).message}). Nothing was written.`);
    }
    const report = this.store.importData(data, 'the imported file');
    return { imported: report.imported, ids: report.ids, renamed: report.renamed };
  };
}

/** A file-name-safe form of an experiment name. */
function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .toLowerCase()
    .slice(0, 60);
}
