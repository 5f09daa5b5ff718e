import type { Storage } from './dtype';

/**
 * How a lazily computed tensor's values are produced, one window at a time.
 *
 * Why lazy at all: on a machine bound by memory bandwidth, writing a fresh
 * million-element array costs about as much as a whole hand-fused
 * forward-and-backward loop. A chain like `(x*x - 5).sum()` is evaluated in
 * cache-sized windows straight into the sum, and a uniform gradient is never
 * written out, so only the final gradient touches a fresh array. Every value
 * is computed by the same typed-array arithmetic an eager op uses, so results
 * are bit-identical either way.
 */
export interface Pending {
  /** Writes elements [start, start + len) into out[at, at + len). */
  evaluate(start: number, len: number, out: Storage, at: number): void;
  /** The storages whose values this reads; a write to one must materialize the tensor first. */
  readonly sources: readonly Storage[];
  /** Operations in the expression; past a bound an operand is materialized instead of inlined. */
  readonly cost: number;
}

/** A tensor whose values are all one number (the expanded gradient of sum or mean). */
export class Uniform implements Pending {
  readonly sources: readonly Storage[] = [];
  readonly cost = 1;
  constructor(readonly value: number) {}

  evaluate(_start: number, len: number, out: Storage, at: number): void {
    out.fill(this.value, at, at + len);
  }
}

/** Anything that can be asked to compute its values now. */
export interface Materializable {
  materialize(): void;
}

// Pending tensors that read each buffer. Weak both ways: a temporary that is
// never read must not be kept alive, nor its sources by the map.
const readers = new WeakMap<ArrayBufferLike, WeakRef<Materializable>[]>();

export function addReader(source: Storage, t: Materializable): void {
  const list = readers.get(source.buffer);
  if (list === undefined) {
    readers.set(source.buffer, [new WeakRef(t)]);
    return;
  }
  // A loop over one big tensor adds a reader per op; drop the collected ones now and then.
  if (list.length >= 64 && (list.length & (list.length - 1)) === 0) {
    const live = list.filter((r) => r.deref() !== undefined);
    list.length = 0;
    list.push(...live);
  }
  list.push(new WeakRef(t));
}

/** Before a write into `target`'s buffer: every pending tensor reading it computes its values first. */
export function flushReaders(target: Storage): void {
  const list = readers.get(target.buffer);
  if (list === undefined) return;
  readers.delete(target.buffer);
  for (const r of list) r.deref()?.materialize();
}

let threshold = 1 << 14;
let suspended = 0;

/**
 * Whether a result of `n` elements is computed lazily. Tests lower the
 * threshold to 1 to run every suite lazily. While the backward pass runs, only
 * values that read no storage (a uniform gradient) may be lazy.
 */
export function goesLazy(n: number, readsStorage: boolean): boolean {
  return n >= threshold && (suspended === 0 || !readsStorage);
}

export function lazyThreshold(): number {
  return threshold;
}

export function setLazyThreshold(n: number): void {
  threshold = n;
}

/**
 * Runs `fn` with every op eager. The backward pass writes into gradient
 * buffers it owns without announcing it, so nothing may lazily read them.
 */
export function eagerly<T>(fn: () => T): T {
  suspended++;
  try {
    return fn();
  } finally {
    suspended--;
  }
}
