// Runs jobs in worker threads so the main thread (Electron's main process, or
// the HTTP server) never blocks on a script. A run that exceeds its time or
// memory limit, is cancelled, or crashes costs its worker: the worker is
// terminated and a fresh one takes its place, and the caller gets a LabFailure.

import { Worker } from 'node:worker_threads';
import { labFailure } from './errors';
import type { LabFailure } from './errors';
import type { FromWorker, RunJob, RunOutcome, ToWorker } from './worker_protocol';

/** What to start: a bundled .js worker, or a .ts one through ts_worker_boot.mjs. */
export interface WorkerSpec {
  file: string | URL;
  workerData?: unknown;
}

export interface PoolProgress {
  runId: string;
  line: number;
  iteration: number;
  total: number | null;
}

export interface WorkerPoolOptions {
  spec: WorkerSpec;
  /** Wall-clock limit per run, from the moment the worker starts it. */
  timeLimitMs: number;
  /** V8 old-generation heap limit of each worker. */
  memoryLimitMb: number;
  /** Runs executing at once; more wait in a queue. */
  maxWorkers?: number;
  /** A worker that has not picked up its job after this long is replaced. */
  startTimeoutMs?: number;
  onProgress?: (p: PoolProgress) => void;
}

interface Active {
  job: RunJob;
  resolve: (outcome: RunOutcome) => void;
  reject: (failure: LabFailure) => void;
  timer: NodeJS.Timeout;
  lastLine: number | undefined;
}

interface Slot {
  worker: Worker;
  active: Active | null;
  /** Set once terminate() was called or the worker exited: ignore its later events. */
  dead: boolean;
}

interface Queued {
  job: RunJob;
  resolve: (outcome: RunOutcome) => void;
  reject: (failure: LabFailure) => void;
}

export class RunWorkerPool {
  readonly #options: Required<Omit<WorkerPoolOptions, 'onProgress'>> & Pick<WorkerPoolOptions, 'onProgress'>;
  readonly #slots = new Set<Slot>();
  readonly #queue: Queued[] = [];
  #closed = false;

  constructor(options: WorkerPoolOptions) {
    this.#options = { maxWorkers: 2, startTimeoutMs: 60_000, ...options };
  }

  get timeLimitMs(): number {
    return this.#options.timeLimitMs;
  }

  /** Runs currently executing or queued, by id. */
  isRunning(runId: string): boolean {
    return this.#find(runId) !== undefined || this.#queue.some((q) => q.job.runId === runId);
  }

  run(job: RunJob): Promise<RunOutcome> {
    if (this.#closed) return Promise.reject(labFailure('InternalError', 'The lab service is shutting down.'));
    if (this.isRunning(job.runId)) {
      return Promise.reject(labFailure('RunInProgress', `A run with id ${job.runId} is already running.`));
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ job, resolve, reject });
      this.#dispatch();
    });
  }

  /** Start a worker now, so the first run does not wait for it to load the engine. */
  prewarm(): void {
    if (!this.#closed && this.#liveCount() === 0) this.#spawn();
  }

  /** Stop a running or queued run; its caller gets a `Cancelled` failure. False if there was none. */
  cancel(runId: string): boolean {
    const queued = this.#queue.findIndex((q) => q.job.runId === runId);
    if (queued >= 0) {
      const [q] = this.#queue.splice(queued, 1);
      q.reject(labFailure('Cancelled', 'The run was cancelled.'));
      return true;
    }
    const slot = this.#find(runId);
    if (!slot?.active) return false;
    this.#kill(slot, labFailure('Cancelled', 'The run was cancelled.', lineOf(slot.active)));
    return true;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const q of this.#queue.splice(0)) q.reject(labFailure('Cancelled', 'The lab service shut down before the run started.'));
    const exits: Promise<number>[] = [];
    for (const slot of this.#slots) {
      if (slot.active) this.#settle(slot, labFailure('Cancelled', 'The lab service shut down during the run.'));
      slot.dead = true;
      exits.push(slot.worker.terminate());
    }
    this.#slots.clear();
    await Promise.allSettled(exits);
  }

  #find(runId: string): Slot | undefined {
    for (const slot of this.#slots) if (slot.active?.job.runId === runId) return slot;
    return undefined;
  }

  #dispatch(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      let slot = [...this.#slots].find((s) => !s.active && !s.dead);
      if (!slot) {
        if (this.#liveCount() >= this.#options.maxWorkers) return;
        slot = this.#spawn();
      }
      const next = this.#queue.shift()!;
      this.#start(slot, next);
    }
  }

  #liveCount(): number {
    let n = 0;
    for (const s of this.#slots) if (!s.dead) n++;
    return n;
  }

  #spawn(): Slot {
    const { spec, memoryLimitMb } = this.#options;
    const worker = new Worker(spec.file, {
      workerData: spec.workerData,
      resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb, maxYoungGenerationSizeMb: Math.min(32, Math.max(4, memoryLimitMb >> 3)) },
    });
    const slot: Slot = { worker, active: null, dead: false };
    this.#slots.add(slot);
    worker.on('message', (m: FromWorker) => this.#onMessage(slot, m));
    worker.on('error', (e: Error & { code?: string }) => {
      if (slot.dead) return;
      const failure =
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? labFailure('MemoryLimitError', `The script used more than ${memoryLimitMb} MB of memory and was stopped.`, lineOf(slot.active))
          : labFailure('WorkerCrashed', `The run worker crashed (${e.message}); a fresh one replaces it.`, lineOf(slot.active));
      this.#retire(slot, failure);
    });
    worker.on('exit', (code) => {
      if (slot.dead) return;
      this.#retire(slot, labFailure('WorkerCrashed', `The run worker exited unexpectedly (code ${code}); a fresh one replaces it.`, lineOf(slot.active)));
    });
    // An idle worker must not keep a CLI process alive.
    worker.unref();
    return slot;
  }

  #start(slot: Slot, q: Queued): void {
    const timer = setTimeout(() => {
      this.#kill(slot, labFailure('WorkerCrashed', 'The run worker did not start the run in time; a fresh one replaces it.'));
    }, this.#options.startTimeoutMs);
    slot.active = { job: q.job, resolve: q.resolve, reject: q.reject, timer, lastLine: undefined };
    slot.worker.ref();
    slot.worker.postMessage({ type: 'run', job: q.job } satisfies ToWorker);
  }

  #onMessage(slot: Slot, m: FromWorker): void {
    const active = slot.active;
    if (slot.dead || !active || m.runId !== active.job.runId) return;
    switch (m.type) {
      case 'started': {
        clearTimeout(active.timer);
        const limit = this.#options.timeLimitMs;
        active.timer = setTimeout(() => {
          this.#kill(slot, labFailure('TimeoutError', `The script ran longer than ${formatSeconds(limit)} and was stopped.`, lineOf(slot.active)));
        }, limit);
        return;
      }
      case 'progress':
        active.lastLine = m.line;
        this.#options.onProgress?.({ runId: m.runId, line: m.line, iteration: m.iteration, total: m.total });
        return;
      case 'done':
        this.#settle(slot, m.outcome);
        slot.worker.unref();
        this.#dispatch();
        return;
      case 'failed':
        // The body threw past the interpreter's own error handling; its state is suspect.
        this.#kill(slot, labFailure('InternalError', `The run failed inside the engine: ${m.message}`, lineOf(active)));
        return;
    }
  }

  #settle(slot: Slot, outcome: RunOutcome | LabFailure): void {
    const active = slot.active;
    if (!active) return;
    slot.active = null;
    clearTimeout(active.timer);
    if ('labError' in outcome) active.reject(outcome);
    else active.resolve(outcome);
  }

  /** Terminate the worker (it may be stuck in a loop), fail its run, start a replacement. */
  #kill(slot: Slot, failure: LabFailure): void {
    if (slot.dead) return;
    this.#retire(slot, failure);
    void slot.worker.terminate();
  }

  #retire(slot: Slot, failure: LabFailure): void {
    slot.dead = true;
    this.#slots.delete(slot);
    this.#settle(slot, failure);
    if (this.#closed) return;
    // Replace it now so the next run does not pay the worker's start-up time.
    if (this.#queue.length === 0 && this.#liveCount() === 0) this.#spawn();
    this.#dispatch();
  }
}

function lineOf(active: Active | null): { line?: number } {
  return active?.lastLine !== undefined ? { line: active.lastLine } : {};
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
