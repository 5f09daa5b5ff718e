import * as T from '../../core/index';
import type { Tensor } from '../../core/index';

/** A float64 leaf of the given shape with values from `gen(i)`. */
export function leaf(shape: number[], gen: (i: number) => number): Tensor {
  const n = shape.reduce((a, s) => a * s, 1);
  const t = T.zeros(shape, { dtype: 'float64' });
  for (let i = 0; i < n; i++) t.data[i] = gen(i);
  t.setRequiresGrad(true);
  return t;
}

/** Deterministic values in [lo, hi), so failures reproduce. */
export function spread(lo: number, hi: number, seed = 1): (i: number) => number {
  return (i) => {
    const u = Math.abs(Math.sin((i + 1) * 12.9898 * seed + 78.233)) % 1;
    return lo + (hi - lo) * u;
  };
}

/**
 * Compares autograd's gradient of sum(w * f(inputs)) with central finite
 * differences in float64, w being a fixed random weight so every output
 * element matters. Returns the largest absolute error over all inputs.
 */
export function gradcheck(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], h = 1e-6): number {
  const out = f(...inputs);
  const w = T.zeros(out.shape, { dtype: 'float64' });
  for (let i = 0; i < w.numel; i++) w.data[i] = 0.5 + ((i * 7919) % 13) / 13;
  for (const x of inputs) x.grad = null;
  T.backward(out, w.dtype === out.dtype ? w : T.tensor(Array.from(w.data), { dtype: out.dtype }));
  const scalar = (): number => {
    const o = T.withGradMode(false, () => f(...inputs));
    let s = 0;
    for (let i = 0; i < o.numel; i++) s += o.data[i] * w.data[i];
    return s;
  };
  let worst = 0;
  for (const x of inputs) {
    const g = x.grad;
    for (let i = 0; i < x.numel; i++) {
      const keep = x.data[i];
      x.data[i] = keep + h;
      const up = scalar();
      x.data[i] = keep - h;
      const down = scalar();
      x.data[i] = keep;
      const numeric = (up - down) / (2 * h);
      const analytic = g === null ? 0 : g.data[i];
      worst = Math.max(worst, Math.abs(numeric - analytic) / Math.max(1, Math.abs(numeric)));
    }
  }
  return worst;
}
