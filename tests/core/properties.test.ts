import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as T from '../../core/index';
import type { Tensor } from '../../core/index';

/** Two shapes that broadcast together: each dim of one is the other's or 1, or missing. */
const broadcastPair = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 })
  .chain((full) =>
    fc.tuple(
      fc.constant(full),
      fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
      fc.integer({ min: 0, max: full.length }),
    ),
  )
  .map(([full, ones, drop]) => [full, full.map((s, i) => (ones[i] ? 1 : s)).slice(drop)] as const);

function filled(shape: readonly number[], seed: number): Tensor {
  const t = T.zeros(shape as number[], { dtype: 'float64', requiresGrad: false });
  for (let i = 0; i < t.numel; i++) t.data[i] = Math.sin(seed + i * 1.7) * 3;
  t.setRequiresGrad(true);
  return t;
}

function close(a: Tensor, b: Tensor, tol = 1e-9): boolean {
  if (a.shape.join() !== b.shape.join()) return false;
  for (let i = 0; i < a.numel; i++) if (Math.abs(a.data[i] - b.data[i]) > tol * Math.max(1, Math.abs(b.data[i]))) return false;
  return true;
}

describe('broadcasting properties', () => {
  it('the result shape is the broadcast shape, and gradients come back in each input shape', () => {
    fc.assert(
      fc.property(broadcastPair, fc.boolean(), ([sa, sb], swap) => {
        const [x, y] = swap ? [filled(sb, 2), filled(sa, 1)] : [filled(sa, 1), filled(sb, 2)];
        const out = T.mul(x, y);
        const expected = sa.length >= sb.length ? sa : sb;
        expect(out.shape).toEqual(expected);
        T.backward(T.sum(out));
        expect(x.grad?.shape).toEqual(x.shape);
        expect(y.grad?.shape).toEqual(y.shape);
        // d/dx sum(x*y) = y summed over the dims x was broadcast along.
        const yExpanded = T.withGradMode(false, () => T.add(T.zerosLike(out), y));
        const reduced = T.withGradMode(false, () => {
          let g = yExpanded;
          while (g.shape.length > x.shape.length) g = T.sum(g, 0);
          const dims = x.shape.flatMap((s, i) => (s === 1 && g.shape[i] !== 1 ? [i] : []));
          return dims.length ? T.sum(g, dims, true) : g;
        });
        expect(close(x.grad as Tensor, reduced)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('addition and multiplication commute; sum of a broadcast gradient equals the output count', () => {
    fc.assert(
      fc.property(broadcastPair, ([sa, sb]) => {
        const x = filled(sa, 3);
        const y = filled(sb, 4);
        expect(close(T.add(x, y), T.add(y, x))).toBe(true);
        expect(close(T.mul(x, y), T.mul(y, x))).toBe(true);
        const out = T.add(x, y);
        T.backward(T.sum(out));
        let total = 0;
        for (let i = 0; i < (y.grad as Tensor).numel; i++) total += (y.grad as Tensor).data[i];
        expect(total).toBe(out.numel);
      }),
      { numRuns: 200 },
    );
  });
});

describe('algebraic identities', () => {
  const values = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 8 });
  it('(x + c) - c == x, x * 1 == x, -(-x) == x, exp(log(e^x)) == e^x', () => {
    fc.assert(
      fc.property(values, fc.double({ min: -3, max: 3, noNaN: true }), (vs, c) => {
        const x = T.tensor(vs, { dtype: 'float64' });
        expect(close(T.sub(T.add(x, c), c), x, 1e-12)).toBe(true);
        expect(close(T.mul(x, 1), x, 0)).toBe(true);
        expect(close(T.neg(T.neg(x)), x, 0)).toBe(true);
        expect(close(T.exp(T.log(T.exp(x))), T.exp(x), 1e-12)).toBe(true);
      }),
    );
  });

  it('the gradient of a sum of two paths is the sum of their gradients', () => {
    fc.assert(
      fc.property(values, (vs) => {
        const x = T.tensor(vs, { dtype: 'float64', requiresGrad: true });
        T.backward(T.sum(T.add(T.sin(x), T.mul(x, x))));
        const expected = vs.map((v) => Math.cos(v) + 2 * v);
        expect(close(x.grad as Tensor, T.tensor(expected, { dtype: 'float64' }), 1e-12)).toBe(true);
      }),
    );
  });

  it('matmul is associative and (AB)^T == B^T A^T', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), (m, k, n) => {
        const a = filled([m, k], 1);
        const b = filled([k, n], 2);
        const c = filled([n, 2], 3);
        expect(close(T.mm(T.mm(a, b), c), T.mm(a, T.mm(b, c)), 1e-9)).toBe(true);
        expect(close(T.t(T.mm(a, b)), T.mm(T.t(b), T.t(a)), 1e-12)).toBe(true);
      }),
    );
  });
});
