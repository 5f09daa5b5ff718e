import type { Tensor as TensorT } from '../tensor/tensor';
import { Tensor } from '../tensor/tensor';
import { allocate } from '../tensor/dtype';
import { Uniform } from '../tensor/pending';
import { sameShape } from '../tensor/shape';
import { binaryMap } from './kernels';

/*
 * Arithmetic used inside backward closures. Backward runs with grad mode off,
 * so these are plain kernels that never build a graph.
 */

/**
 * The value of a gradient that is one number everywhere and not yet written
 * out (sum's and mean's backward), or null. Its elements already hold the
 * dtype's rounding, so a kernel may use it in place of reading them.
 */
function uniformOf(g: TensorT): number | null {
  const p = g.pending;
  return p instanceof Uniform ? p.value : null;
}

/** c * t[i] (written twice when `twice`) into a fresh array: a uniform g times t in one pass. */
function uniformTimes(c: number, g: TensorT, t: TensorT, twice: boolean): TensorT {
  const out = allocate(g.dtype, t.numel);
  const td = t.data;
  if (out instanceof Float32Array) {
    const k = twice ? 2 : 1;
    for (let i = 0; i < out.length; i++) out[i] = Math.fround(c * td[i]) * k;
  } else if (twice) {
    for (let i = 0; i < out.length; i++) out[i] = c * td[i] * 2;
  } else {
    for (let i = 0; i < out.length; i++) out[i] = c * td[i];
  }
  return new Tensor(out, t.shape, g.dtype);
}

function sameLayout(g: TensorT, t: TensorT): boolean {
  return sameShape(g.shape, t.shape);
}

export function gmul(a: TensorT, b: TensorT): TensorT {
  const c = uniformOf(a);
  if (c !== null && sameLayout(a, b) && a.dtype === b.dtype) return uniformTimes(c, a, b, false);
  return binaryMap(a.data, a.shape, b.data, b.shape, a.dtype, 'mul');
}

/** g * t, written into g's own storage when the engine says no one else holds it. */
export function gmulInto(g: TensorT, t: TensorT, gOwned: boolean): TensorT {
  if (!gOwned || uniformOf(g) !== null || !sameLayout(g, t)) return gmul(g, t);
  const gd = g.data;
  const td = t.data;
  for (let i = 0; i < gd.length; i++) gd[i] *= td[i];
  return new Tensor(gd, t.shape, g.dtype);
}

/**
 * g*t + g*t, written into g's storage: what x * x sends down its two edges,
 * summed in one pass. Each product is rounded to the storage dtype first, so
 * the result is bit-identical to adding the two rounded products.
 */
export function gmulTwiceInto(g: TensorT, t: TensorT): TensorT {
  const c = uniformOf(g);
  if (c !== null) return uniformTimes(c, g, t, true);
  const gd = g.data;
  const td = t.data;
  if (gd instanceof Float32Array) {
    for (let i = 0; i < gd.length; i++) gd[i] = Math.fround(gd[i] * td[i]) * 2;
  } else {
    for (let i = 0; i < gd.length; i++) gd[i] = gd[i] * td[i] * 2;
  }
  return new Tensor(gd, t.shape, g.dtype);
}

export function gneg(a: TensorT): TensorT {
  const c = uniformOf(a);
  if (c !== null) return new Tensor(new Uniform(-c), a.shape, a.dtype);
  const out = allocate(a.dtype, a.data.length);
  const src = a.data;
  for (let i = 0; i < out.length; i++) out[i] = -src[i];
  return new Tensor(out, a.shape, a.dtype);
}

export function gscaleBy(a: TensorT, c: number): TensorT {
  const u = uniformOf(a);
  if (u !== null) return new Tensor(new Uniform(a.dtype === 'float32' ? Math.fround(u * c) : u * c), a.shape, a.dtype);
  const out = allocate(a.dtype, a.data.length);
  const src = a.data;
  for (let i = 0; i < out.length; i++) out[i] = src[i] * c;
  return new Tensor(out, a.shape, a.dtype);
}

export function gzip(a: TensorT, b: TensorT, f: (x: number, y: number) => number): TensorT {
  return binaryMap(a.data, a.shape, b.data, b.shape, a.dtype, f);
}

export function gmap(a: TensorT, f: (x: number) => number): TensorT {
  const out = allocate(a.dtype, a.data.length);
  const src = a.data;
  for (let i = 0; i < out.length; i++) out[i] = f(src[i]);
  return new Tensor(out, a.shape, a.dtype);
}

/** g * h(x) elementwise for same-shaped g and x: one pass, one allocation. */
export function gscale(g: TensorT, x: TensorT, h: (x: number, g: number) => number, gOwned = false): TensorT {
  if (g.numel !== x.numel) return gzip(g, x, (gv, xv) => h(xv, gv));
  const c = uniformOf(g);
  const out = gOwned && c === null ? g.data : allocate(g.dtype, g.numel);
  const xd = x.data;
  if (c !== null) {
    for (let i = 0; i < out.length; i++) out[i] = h(xd[i], c);
  } else {
    const gd = g.data;
    for (let i = 0; i < out.length; i++) out[i] = h(xd[i], gd[i]);
  }
  return new Tensor(out, x.shape, g.dtype);
}
