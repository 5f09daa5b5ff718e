import type { Storage } from '../tensor/dtype';
import type { ArithCode } from './kernels';

/*
 * The loops a lazy arithmetic expression runs over one window: one small
 * function per op and operand kind, since a switch over the op inside a loop
 * body runs about twice as slow. Each element is one op written into a typed
 * array of the result dtype, as the eager kernels (kernels.ts) do.
 */

export type SameLoop = (a: Storage, ao: number, b: Storage, bo: number, out: Storage, at: number, n: number) => void;
export type RightLoop = (a: Storage, ao: number, y: number, out: Storage, at: number, n: number) => void;
export type LeftLoop = (x: number, b: Storage, bo: number, out: Storage, at: number, n: number) => void;


export const same: Record<ArithCode, SameLoop> = {
  add: (a, ao, b, bo, out, at, n) => { for (let i = 0; i < n; i++) out[at + i] = a[ao + i] + b[bo + i]; },
  sub: (a, ao, b, bo, out, at, n) => { for (let i = 0; i < n; i++) out[at + i] = a[ao + i] - b[bo + i]; },
  mul: (a, ao, b, bo, out, at, n) => { for (let i = 0; i < n; i++) out[at + i] = a[ao + i] * b[bo + i]; },
  div: (a, ao, b, bo, out, at, n) => { for (let i = 0; i < n; i++) out[at + i] = a[ao + i] / b[bo + i]; },
};

export const rightScalar: Record<ArithCode, RightLoop> = {
  add: (a, ao, y, out, at, n) => { for (let i = 0; i < n; i++) out[at + i] = a[ao + i] + y; },
  sub: (a, ao, y, out, at, n) => { for (let i = 0; i < n; i++) out[at + i] = a[ao + i] - y; },
  mul: (a, ao, y, out, at, n) => { for (let i = 0; i < n; i++) out[at + i] = a[ao + i] * y; },
  div: (a, ao, y, out, at, n) => { for (let i = 0; i < n; i++) out[at + i] = a[ao + i] / y; },
};

export const leftScalar: Record<ArithCode, LeftLoop> = {
  add: (x, b, bo, out, at, n) => { for (let i = 0; i < n; i++) out[at + i] = x + b[bo + i]; },
  sub: (x, b, bo, out, at, n) => { for (let i = 0; i < n; i++) out[at + i] = x - b[bo + i]; },
  mul: (x, b, bo, out, at, n) => { for (let i = 0; i < n; i++) out[at + i] = x * b[bo + i]; },
  div: (x, b, bo, out, at, n) => { for (let i = 0; i < n; i++) out[at + i] = x / b[bo + i]; },
};

/**
 * An op followed by `* m + c`, where only one of the two is active (m = 1 or
 * c = -0), in one pass: `x*x - 5` reads x once and writes once. The op's
 * result is rounded to the dtype before the scalar step (Math.fround for
 * float32; a float64 op already rounds), and the store rounds the step, so
 * each element is bit-identical to the two eager ops.
 */
export type FusedSame = (a: Storage, ao: number, b: Storage, bo: number, out: Storage, at: number, n: number, m: number, c: number) => void;
export type FusedRight = (a: Storage, ao: number, y: number, out: Storage, at: number, n: number, m: number, c: number) => void;

export interface FusedLoops {
  readonly same: Record<ArithCode, FusedSame>;
  readonly right: Record<ArithCode, FusedRight>;
}

export const fused32: FusedLoops = {
  same: {
    add: (a, ao, b, bo, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = Math.fround(a[ao + i] + b[bo + i]) * m + c; },
    sub: (a, ao, b, bo, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = Math.fround(a[ao + i] - b[bo + i]) * m + c; },
    mul: (a, ao, b, bo, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = Math.fround(a[ao + i] * b[bo + i]) * m + c; },
    div: (a, ao, b, bo, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = Math.fround(a[ao + i] / b[bo + i]) * m + c; },
  },
  right: {
    add: (a, ao, y, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = Math.fround(a[ao + i] + y) * m + c; },
    sub: (a, ao, y, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = Math.fround(a[ao + i] - y) * m + c; },
    mul: (a, ao, y, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = Math.fround(a[ao + i] * y) * m + c; },
    div: (a, ao, y, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = Math.fround(a[ao + i] / y) * m + c; },
  },
};

export const fused64: FusedLoops = {
  same: {
    add: (a, ao, b, bo, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = (a[ao + i] + b[bo + i]) * m + c; },
    sub: (a, ao, b, bo, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = (a[ao + i] - b[bo + i]) * m + c; },
    mul: (a, ao, b, bo, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = (a[ao + i] * b[bo + i]) * m + c; },
    div: (a, ao, b, bo, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = (a[ao + i] / b[bo + i]) * m + c; },
  },
  right: {
    add: (a, ao, y, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = (a[ao + i] + y) * m + c; },
    sub: (a, ao, y, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = (a[ao + i] - y) * m + c; },
    mul: (a, ao, y, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = (a[ao + i] * y) * m + c; },
    div: (a, ao, y, out, at, n, m, c) => { for (let i = 0; i < n; i++) out[at + i] = (a[ao + i] / y) * m + c; },
  },
};

/** x * x (then `* m + c`): one load per element instead of two, a quarter faster. */
export type FusedSquare = (a: Storage, ao: number, out: Storage, at: number, n: number, m: number, c: number) => void;

export const square32: FusedSquare = (a, ao, out, at, n, m, c) => {
  for (let i = 0; i < n; i++) {
    const v = a[ao + i];
    out[at + i] = Math.fround(v * v) * m + c;
  }
};

export const square64: FusedSquare = (a, ao, out, at, n, m, c) => {
  for (let i = 0; i < n; i++) {
    const v = a[ao + i];
    out[at + i] = v * v * m + c;
  }
};
