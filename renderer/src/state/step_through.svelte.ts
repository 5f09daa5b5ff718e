/** Stepping through a recorded backward() pass, node by node in the engine's order. */
import type { BackwardTrace } from '../api/types';

const PLAY_MS = 900;

export class StepThrough {
  #traces = $state.raw<BackwardTrace[]>([]);
  traceIndex = $state(0);
  /** -1 before the first step; steps.length - 1 after the last. */
  step = $state(-1);
  #timer: ReturnType<typeof setInterval> | null = null;
  #playing = $state(false);

  get traces(): BackwardTrace[] {
    return this.#traces;
  }
  get playing(): boolean {
    return this.#playing;
  }

  trace = $derived.by((): BackwardTrace | null => this.#traces[this.traceIndex] ?? null);
  current = $derived.by(() => this.trace?.steps[this.step] ?? null);
  /** Graph node id → 'active' (this step) or 'done' (an earlier step). */
  states = $derived.by(() => {
    // Built fresh inside $derived, never mutated afterwards: a plain Map is enough.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const map = new Map<string, 'active' | 'done'>();
    const steps = this.trace?.steps ?? [];
    for (let i = 0; i <= this.step && i < steps.length; i++) map.set(steps[i].node, i === this.step ? 'active' : 'done');
    return map;
  });

  setTraces(traces: BackwardTrace[]): void {
    this.pause();
    this.#traces = traces;
    this.traceIndex = Math.max(0, traces.length - 1);
    this.step = -1;
  }

  chooseTrace(index: number): void {
    this.pause();
    this.traceIndex = index;
    this.step = -1;
  }

  next(): void {
    const n = this.trace?.steps.length ?? 0;
    if (this.step < n - 1) this.step++;
    else this.pause();
  }

  previous(): void {
    if (this.step > -1) this.step--;
  }

  reset(): void {
    this.pause();
    this.step = -1;
  }

  play(): void {
    const n = this.trace?.steps.length ?? 0;
    if (n === 0) return;
    if (this.step >= n - 1) this.step = -1;
    this.#playing = true;
    this.next();
    this.#timer = setInterval(() => this.next(), PLAY_MS);
  }

  pause(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#playing = false;
  }
}
