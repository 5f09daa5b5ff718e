// Latest progress of each run, for the `progress` method (the browser edition
// polls it) and for the events the Electron shell pushes.

import type { RunProgress, RunProgressEvent } from '../../core/contract/lab_api';
import type { PoolProgress } from './worker_pool';

interface Entry {
  state: 'running' | 'done';
  startedAt: number;
  endedAt: number | null;
  line?: number;
  iteration?: number;
  total?: number;
}

/** Finished runs remembered, so a poll that races the run's end still sees 'done'. */
const KEEP_FINISHED = 100;

export class RunProgressBoard {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  start(runId: string): void {
    this.#entries.delete(runId);
    this.#entries.set(runId, { state: 'running', startedAt: this.#now(), endedAt: null });
  }

  /** Record a progress report; returns the event to push, or null for an unknown run. */
  progress(p: PoolProgress): RunProgressEvent | null {
    const entry = this.#entries.get(p.runId);
    if (!entry || entry.state !== 'running') return null;
    entry.line = p.line;
    entry.iteration = p.iteration;
    entry.total = p.total ?? undefined;
    return { runId: p.runId, line: p.line, iteration: p.iteration, total: p.total, elapsedMs: this.#now() - entry.startedAt };
  }

  finish(runId: string): void {
    const entry = this.#entries.get(runId);
    if (!entry) return;
    entry.state = 'done';
    entry.endedAt = this.#now();
    let finished = 0;
    for (const [id, e] of [...this.#entries].reverse()) {
      if (e.state === 'done' && ++finished > KEEP_FINISHED) this.#entries.delete(id);
    }
  }

  get(runId: string): RunProgress {
    const entry = this.#entries.get(runId);
    if (!entry) return { state: 'idle' };
    const progress: RunProgress = { state: entry.state, elapsedMs: (entry.endedAt ?? this.#now()) - entry.startedAt };
    if (entry.line !== undefined) progress.line = entry.line;
    if (entry.iteration !== undefined) progress.iteration = entry.iteration;
    if (entry.total !== undefined) progress.total = entry.total;
    return progress;
  }
}
