import type { Storage } from '../tensor/dtype';
import { isFloating } from '../tensor/dtype';
import type { Pending } from '../tensor/pending';
import type { Tensor } from '../tensor/tensor';

/**
 * PyTorch's CPU sum of one contiguous row (aten/src/ATen/native/cpu/SumKernel.cpp,
 * `cascade_sum`), reproduced bit for bit for float32 and float64: the
 * accumulators have the input's dtype (float for float32), so where the adds
 * happen decides the last bits. Checked against torch.sum and torch.mean for
 * every length up to 80 and longer rows up to 32768 (one thread's grain).
 *
 * - At least one AVX2 vector (8 floats, 4 doubles): lane-wise vector sums,
 *   then the tail elements, then the lanes in order (`vectorized_inner_sum`).
 * - Shorter: the scalar form of the same `row_sum`.
 * `row_sum` keeps four interleaved partial sums (ILP), each a cascade of four
 * levels (`multi_row_sum`), so rounding error grows like log n, not n.
 */
export function cascadeSum(x: Storage, offset: number, n: number): number {
  if (x instanceof Float32Array) return sumRow(new StoredRows(x, offset), n, 8, Float32Array);
  if (x instanceof Float64Array) return sumRow(new StoredRows(x, offset), n, 4, Float64Array);
  let s = 0;
  for (let i = 0; i < n; i++) s += x[offset + i];
  return s;
}

/**
 * The same sum of a tensor's values, without writing a pending tensor out:
 * the algorithm reads its input in ascending blocks of at most a few thousand
 * elements, so each block is computed into a small scratch array just before
 * it is added.
 */
export function cascadeSumOf(t: Tensor): number {
  const p = t.pending;
  if (p === null || !isFloating(t.dtype)) return cascadeSum(t.data, 0, t.numel);
  if (t.dtype === 'float32') return sumRow(new PendingRows(p, t.numel, new Float32Array(WINDOW)), t.numel, 8, Float32Array);
  return sumRow(new PendingRows(p, t.numel, new Float64Array(WINDOW)), t.numel, 4, Float64Array);
}

type FloatArray = Float32Array | Float64Array;
type FloatCtor = Float32ArrayConstructor | Float64ArrayConstructor;

/** The input row, read a block at a time: `at` makes [start, start + len) readable in `x` and says where it begins. */
interface Rows {
  readonly x: FloatArray;
  at(start: number, len: number): number;
}

class StoredRows implements Rows {
  constructor(readonly x: FloatArray, private readonly offset: number) {}
  at(start: number): number {
    return this.offset + start;
  }
}

/** Computes a window of WINDOW elements at a time, so each evaluation call covers many blocks. */
class PendingRows implements Rows {
  #first = 0;
  #end = 0;
  constructor(private readonly p: Pending, private readonly n: number, public x: FloatArray) {}
  at(start: number, len: number): number {
    if (start < this.#first || start + len > this.#end) {
      if (len > this.x.length) this.x = new (this.x.constructor as FloatCtor)(len);
      this.#first = start;
      this.#end = Math.min(this.n, start + this.x.length);
      this.p.evaluate(start, this.#end - start, this.x, 0);
    }
    return start - this.#first;
  }
}

const WINDOW = 4096;

const LEVELS = 4;
const ILP = 4;

function sumRow(src: Rows, n: number, vec: number, Ctor: FloatCtor): number {
  // A one-element array of the dtype rounds each scalar add as the C++ `acc_t` does.
  const r = new Ctor(1);
  if (n < vec) return rowSum(src, 1, n, Ctor, r)[0];
  const vectors = Math.floor(n / vec);
  const lanes = rowSum(src, vec, vectors, Ctor, r);
  r[0] = 0;
  const tail = src.at(vectors * vec, n - vectors * vec);
  for (let k = 0; k < n - vectors * vec; k++) r[0] += src.x[tail + k];
  for (let l = 0; l < vec; l++) r[0] += lanes[l];
  return r[0];
}

/** row_sum over `size` vectors of `w` lanes: ILP partial sums, then the leftover vectors, then the partials. */
function rowSum(src: Rows, w: number, size: number, Ctor: FloatCtor, r: FloatArray): FloatArray {
  const rows = Math.floor(size / ILP);
  const partial = multiRowSum(src, ILP * w, rows, Ctor);
  const out = new Ctor(w);
  const first = rows * ILP;
  const left = src.at(first * w, (size - first) * w);
  for (let lane = 0; lane < w; lane++) {
    r[0] = partial[lane];
    for (let i = 0; i < size - first; i++) r[0] += src.x[left + i * w + lane];
    for (let k = 1; k < ILP; k++) r[0] += partial[k * w + lane];
    out[lane] = r[0];
  }
  return out;
}

function ceilLog2(v: number): number {
  return v <= 1 ? 0 : Math.ceil(Math.log2(v));
}

/**
 * multi_row_sum: `rows` consecutive rows of `width` elements summed column-wise
 * into accumulator level 0, flushed up a level every 2^levelPower rows.
 */
function multiRowSum(src: Rows, width: number, rows: number, Ctor: FloatCtor): FloatArray {
  const levelPower = Math.max(4, Math.floor(ceilLog2(rows) / LEVELS));
  const step = 1 << levelPower;
  const mask = step - 1;
  const acc = new Ctor(LEVELS * width);
  let i = 0;
  while (i + step <= rows) {
    const block = src.at(i * width, step * width);
    addRows(src.x, block, width, step, acc);
    i += step;
    for (let j = 1; j < LEVELS; j++) {
      const hi = j * width;
      const lo = hi - width;
      for (let k = 0; k < width; k++) {
        acc[hi + k] += acc[lo + k];
        acc[lo + k] = 0;
      }
      if ((i & (mask << (j * levelPower))) !== 0) break;
    }
  }
  const last = src.at(i * width, (rows - i) * width);
  addRows(src.x, last, width, rows - i, acc);
  for (let j = 1; j < LEVELS; j++) {
    const hi = j * width;
    for (let k = 0; k < width; k++) acc[k] += acc[hi + k];
  }
  return acc;
}

/**
 * Level 0 of multi_row_sum: `count` rows from x[offset] added column by column
 * into acc[0, width). Four columns at a time in locals (width is a multiple of
 * four), each still summed in row order, which is all that fixes the result.
 */
function addRows(x: FloatArray, offset: number, width: number, count: number, acc: FloatArray): void {
  if (x instanceof Float32Array) addRows32(x, offset, width, count, acc as Float32Array);
  else addRows64(x, offset, width, count, acc as Float64Array);
}

function addRows32(x: Float32Array, offset: number, width: number, count: number, acc: Float32Array): void {
  const fl = Math.fround;
  for (let k = 0; k < width; k += 4) {
    let s0 = acc[k], s1 = acc[k + 1], s2 = acc[k + 2], s3 = acc[k + 3];
    let b = offset + k;
    for (let j = 0; j < count; j++, b += width) {
      s0 = fl(s0 + x[b]);
      s1 = fl(s1 + x[b + 1]);
      s2 = fl(s2 + x[b + 2]);
      s3 = fl(s3 + x[b + 3]);
    }
    acc[k] = s0;
    acc[k + 1] = s1;
    acc[k + 2] = s2;
    acc[k + 3] = s3;
  }
}

function addRows64(x: Float64Array, offset: number, width: number, count: number, acc: Float64Array): void {
  for (let k = 0; k < width; k += 4) {
    let s0 = acc[k], s1 = acc[k + 1], s2 = acc[k + 2], s3 = acc[k + 3];
    let b = offset + k;
    for (let j = 0; j < count; j++, b += width) {
      s0 += x[b];
      s1 += x[b + 1];
      s2 += x[b + 2];
      s3 += x[b + 3];
    }
    acc[k] = s0;
    acc[k + 1] = s1;
    acc[k + 2] = s2;
    acc[k + 3] = s3;
  }
}
