import type { Tensor as TensorT } from '../tensor/tensor';
import { Tensor } from '../tensor/tensor';
import { allocate } from '../tensor/dtype';
import { binaryMap } from './kernels';

/*
 * Arithmetic used inside backward closures. Backward runs with grad mode off,
 * so these are plain kernels that never build a graph.
 */

export function gmul(a: TensorT, b: TensorT): TensorT {
  return binaryMap(a.data, a.shape, b.data, b.shape, a.dtype, 'mul');
}

/** g * t, written into g's own storage when the engine says no one else holds it. */
export function gmulInto(g: TensorT, t: TensorT, gOwned: boolean): TensorT {
  if (!gOwned || g.data.length !== t.data.length || g.shape.length !== t.shape.length) return gmul(g, t);
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
  const out = allocate(a.dtype, a.data.length);
  const src = a.data;
  for (let i = 0; i < out.length; i++) out[i] = -src[i];
  return new Tensor(out, a.shape, a.dtype);
}

export function gscaleBy(a: TensorT, c: number): TensorT {
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
  if (g.data.length !== x.data.length) return gzip(g, x, (gv, xv) => h(xv, gv));
  const out = gOwned ? g.data : allocate(g.dtype, g.data.length);
  const gd = g.data;
  const xd = x.data;
  for (let i = 0; i < out.length; i++) out[i] = h(xd[i], gd[i]);
  return new Tensor(out, x.shape, g.dtype);
}
