/**
 * How much a script may compute and hold, and the checks that refuse a value
 * before it is built. A JS engine dies on a heap overflow (no exception to
 * catch), so every size must be checked up front, not caught afterwards.
 */
import { PyError, RunStopped } from './errors';

export interface RunLimits {
  /** Largest tensor a script may create, in elements. */
  readonly maxTensorElements: number;
  /** Elements held by all variables together (checked as tensors are created). */
  readonly maxTotalElements: number;
  readonly maxStatements: number;
  readonly maxWallTimeMs: number;
  /** Iterations of one execution of one `for` or `while` loop. */
  readonly maxLoopIterations: number;
  /**
   * The recursion limit (Python's sys.getrecursionlimit()): frames at once,
   * the module's own included, so a script function can nest this minus one
   * deep. Python's is 1000; the lab's default is lower because each Python
   * call costs ten to thirty JS frames and the CLI runs on Node's
   * main-thread stack (about 1 MB): 200 leaves room for a loop, a `with`
   * block and nested expressions in every call (such a function reaches
   * about 290 calls there; a one-line one about 990). Deeper than the JS
   * stack allows still ends in the same RecursionError (see
   * Interpreter#callFunction), never a crash.
   */
  readonly maxCallDepth: number;
  /** Longest Python str a script may build, in UTF-16 code units. */
  readonly maxStringLength: number;
  /** Longest list or tuple a script may build, in items. */
  readonly maxSequenceLength: number;
  /** Longest script accepted, in characters. */
  readonly maxSourceLength: number;
  /** Multiply-adds of one matrix product (about a second per billion here; its backward costs twice that). */
  readonly maxMatmulWork: number;
}

export const DEFAULT_LIMITS: RunLimits = {
  maxTensorElements: 10_000_000,
  maxTotalElements: 50_000_000,
  maxStatements: 5_000_000,
  maxWallTimeMs: 60_000,
  maxLoopIterations: 1_000_000,
  maxCallDepth: 200,
  maxStringLength: 10_000_000,
  maxSequenceLength: 10_000_000,
  maxSourceLength: 1_000_000,
  maxMatmulWork: 5_000_000_000,
};

/**
 * What one tensor object costs beyond its data, in elements, for the total:
 * ten million one-element views (list(torch.ones(10**7))) would otherwise
 * count as ten million elements while taking gigabytes of heap.
 */
export const TENSOR_OBJECT_COST = 32;

/** Python raises MemoryError when it cannot build a value; so does the lab, past its limits. */
export function memoryError(message: string): PyError {
  return new PyError('MemoryError', message);
}

export function checkStringLength(length: number, limits: RunLimits): void {
  if (length > limits.maxStringLength) {
    throw memoryError(`Autograd Lab refuses to build a string of ${length} characters (the limit is ${limits.maxStringLength} characters)`);
  }
}

export function checkSequenceLength(length: number, kind: 'list' | 'tuple', limits: RunLimits): void {
  if (length > limits.maxSequenceLength) {
    throw memoryError(`Autograd Lab refuses to build a ${kind} of ${length} items (the limit is ${limits.maxSequenceLength} items)`);
  }
}

/**
 * Length of `items * n` (Python: a negative count gives an empty sequence),
 * checked before the repetition is built.
 */
export function repeatedLength(itemLength: number, times: bigint | boolean): number {
  if (typeof times === 'bigint' && (times >= 1n << 63n || times < -(1n << 63n))) {
    throw new PyError('OverflowError', "cannot fit 'int' into an index-sized integer");
  }
  const n = typeof times === 'boolean' ? (times ? 1 : 0) : times <= 0n ? 0 : Number(times);
  return itemLength === 0 ? 0 : itemLength * n;
}

/** Past the time limit: stops the run. Called between statements and inside long builtins (sum(range(10**9))). */
export function timeLimitExceeded(limits: RunLimits): RunStopped {
  return new RunStopped('LimitExceeded', `Autograd Lab stopped the script after ${limits.maxWallTimeMs} ms (the time limit)`);
}
