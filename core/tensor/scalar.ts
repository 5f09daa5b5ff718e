import type { ScalarKind } from './dtype';

/**
 * A Python number used as an operand. Python's `2` and `2.0` promote
 * differently (`int_tensor * 2.0` is float32), and a JS number cannot tell
 * them apart, so callers that know (the interpreter) pass a Scalar.
 */
export class Scalar {
  constructor(
    readonly value: number,
    readonly kind: ScalarKind,
  ) {}
}

export function scalarOf(v: number | Scalar): Scalar {
  return v instanceof Scalar ? v : new Scalar(v, Number.isInteger(v) ? 'int' : 'float');
}
