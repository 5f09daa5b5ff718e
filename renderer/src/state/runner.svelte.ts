/**
 * One script run at a time: start, follow progress, cancel, and keep the last
 * response. Progress is polled (browser edition) or pushed (Electron). A
 * response restored from a saved snapshot is marked `fromSnapshot` until a
 * fresh run replaces it.
 */
import type { LabApi } from '../api/connect';
import { LabCallError, type RunProgress, type RunResponse } from '../api/types';
import { newId } from '../lib/ids';

const POLL_MS = 150;

export interface ProgressView {
  line: number | null;
  iteration: number | null;
  total: number | null;
  elapsedMs: number | null;
}

export class Runner {
  readonly #api: LabApi;
  #response = $state.raw<RunResponse | null>(null);
  #fromSnapshot = $state(false);
  #runId = $state<string | null>(null);
  #progress = $state.raw<ProgressView | null>(null);
  #failure = $state.raw<LabCallError | null>(null);
  #cancelled = $state(false);
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Set when progress is pushed (Electron), so polling is not needed. */
  pushed = false;

  constructor(api: LabApi) {
    this.#api = api;
  }

  get response(): RunResponse | null {
    return this.#response;
  }
  get fromSnapshot(): boolean {
    return this.#fromSnapshot;
  }
  get running(): boolean {
    return this.#runId !== null;
  }
  get runId(): string | null {
    return this.#runId;
  }
  get progress(): ProgressView | null {
    return this.#progress;
  }
  /** A failure of the run as a whole (timeout, cancel, crash), not a script error. */
  get failure(): LabCallError | null {
    return this.#failure;
  }
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /** Fraction done in [0, 1], or null when the run does not know its length. */
  fraction = $derived.by(() => {
    const p = this.#progress;
    if (!p || !p.total || p.iteration == null) return null;
    return Math.min(1, Math.max(0, p.iteration / p.total));
  });

  showSnapshot(response: RunResponse | null): void {
    this.#response = response;
    this.#fromSnapshot = response !== null;
    this.#failure = null;
    this.#cancelled = false;
  }

  clear(): void {
    this.showSnapshot(null);
  }

  /** Progress pushed by the desktop shell. */
  pushProgress(runId: string, progress: ProgressView): void {
    if (runId === this.#runId) this.#progress = progress;
  }

  async run(script: string, seed: number | null): Promise<RunResponse | null> {
    if (this.#runId) await this.cancel();
    const runId = newId();
    this.#runId = runId;
    this.#progress = null;
    this.#failure = null;
    this.#cancelled = false;
    if (!this.pushed) this.#schedulePoll(runId);
    try {
      const response = (await this.#api.run({ script, seed, runId })) as RunResponse;
      if (this.#runId !== runId) return null;
      this.#response = response;
      this.#fromSnapshot = false;
      return response;
    } catch (e) {
      if (this.#runId !== runId) return null;
      const error = e instanceof LabCallError ? e : new LabCallError({ type: 'InternalError', message: String(e) });
      this.#cancelled = error.type === 'Cancelled';
      this.#failure = error;
      return null;
    } finally {
      if (this.#runId === runId) {
        this.#runId = null;
        this.#progress = null;
        this.#stopPoll();
      }
    }
  }

  async cancel(): Promise<void> {
    const runId = this.#runId;
    if (!runId) return;
    try {
      await this.#api.cancel({ runId });
    } catch {
      // The run may have just finished; its own promise reports the outcome.
    }
  }

  #schedulePoll(runId: string): void {
    this.#stopPoll();
    this.#timer = setTimeout(async () => {
      if (this.#runId !== runId) return;
      try {
        const p: RunProgress = await this.#api.progress({ runId });
        if (this.#runId === runId && p.state === 'running') {
          this.#progress = { line: p.line ?? null, iteration: p.iteration ?? null, total: p.total ?? null, elapsedMs: p.elapsedMs ?? null };
        }
      } catch {
        // Progress is advisory; the run's own answer is what counts.
      }
      if (this.#runId === runId) this.#schedulePoll(runId);
    }, POLL_MS);
  }

  #stopPoll(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
