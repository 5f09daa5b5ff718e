import type { Tensor } from '../tensor/tensor';

/**
 * How an op produced a tensor: the raw material of the symbolic trace.
 * Recorded only while tracing is switched on (the interpreter does so), so the
 * engine itself keeps no extra references when used as a library or benchmarked.
 */
export interface Origin {
  /** The op's name in core/ops, e.g. 'mul', 'pow', 'sum', 'matmul'. */
  readonly op: string;
  /** Operands in call order; Python scalars stay numbers. */
  readonly inputs: readonly (Tensor | number)[];
  /** Op arguments that are not operands: dims, keepdim, slices, shapes... */
  readonly attrs: Readonly<Record<string, unknown>>;
}

let tracing = false;

export function isTracing(): boolean {
  return tracing;
}

export function setTracing(flag: boolean): void {
  tracing = flag;
}
