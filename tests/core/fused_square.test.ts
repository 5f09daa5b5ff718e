import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as T from '../../core/index';

/** x.grad of (x*x*w).sum(), with or without an observer on the engine (observed runs send g*x down both edges). */
function gradOfSquare(values: number[], dtype: 'float32' | 'float64', observe: boolean): number[] {
  const x = T.tensor(values, { dtype, requiresGrad: true });
  const w = T.tensor(values.map((_, i) => 0.75 + i), { dtype });
  T.backward(T.sum(T.mul(T.mul(x, x), w)), null, observe ? { onStep: () => undefined } : {});
  return Array.from(x.grad?.data ?? []);
}

describe('x * x sends g*x + g*x down one edge when unobserved', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`is bit-identical to the two-edge sum (${dtype}), subnormals and huge values included`, () => {
      const value = fc.oneof(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.constantFrom(1e-40, -3e-42, 1.4e-45, 3.4e38, -1e-310, 5e-324),
      );
      fc.assert(
        fc.property(fc.array(value, { minLength: 1, maxLength: 16 }), (vs) => {
          expect(gradOfSquare(vs, dtype, false)).toEqual(gradOfSquare(vs, dtype, true));
        }),
        { numRuns: 300 },
      );
    });
  }
});
