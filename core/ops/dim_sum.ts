import { cascadeSum } from './cascade_sum';

/*
 * PyTorch's CPU sum over some dims (float32/float64), bit for bit for one
 * thread (inputs under at::internal::GRAIN_SIZE = 32768 elements; larger ones
 * are split across threads there, and those partial sums are not reproduced).
 *
 * Two things fix the last bits, both followed here:
 * - TensorIterator's layout (TensorIterator.cpp): dims sorted with the reduced
 *   ones first, then by input stride (`reorder_dimensions`), adjacent dims
 *   merged where the strides allow (`coalesce_dimensions`). The kernel then sees
 *   the two fastest dims at a time (`serial_for_each`), and the output
 *   accumulates each call's sums with `+=` in the dtype, in the order the outer
 *   dims are walked.
 * - Which loop of SumKernel.cpp `cascade_sum` picks for those two dims, as the
 *   shape of its cascade (and its 4-way ILP split or not) depends on it.
 *   Vector widths are AVX2's (8 floats, 4 doubles), as in cascade_sum.ts.
 *
 * Checked against PyTorch 1.13 (tests/oracle/gen_dim_sums.py): single dims,
 * negative dims, dim tuples, keepdim and mean on 1-D to 4-D inputs, row
 * lengths 1..40 either way, columns past the 4096-row cascade level,
 * transposed, sliced and expanded views, and at::sum_to of broadcast gradients.
 */

type FloatArray = Float32Array | Float64Array;
type FloatCtor = Float32ArrayConstructor | Float64ArrayConstructor;

/**
 * Sums `x` (row-major of `shape`) over the dims where `reduced` is true.
 * Returns the sums row-major over the kept dims (the same flat order with or
 * without keepdim). `strides` are the strides PyTorch's input would have (a
 * transpose, an expand, a slice): they decide the order of the adds.
 */
export function dimSum(x: FloatArray, shape: readonly number[], reduced: readonly boolean[], strides?: readonly number[]): FloatArray {
  const Ctor = (x instanceof Float32Array ? Float32Array : Float64Array) as FloatCtor;
  const out = new Ctor(shape.reduce((p, s, d) => (reduced[d] ? p : p * s), 1));
  if (shape.some((s) => s === 0)) return out;
  const rowMajor = contiguousStrides(shape);
  let inStr = rowMajor;
  let mem = x;
  if (strides !== undefined && strides.length === shape.length) {
    const placed = strides.every((s, d) => s === rowMajor[d] || shape[d] === 1) ? x : inMemoryOrder(x, shape, strides, Ctor);
    if (placed !== null) {
      inStr = strides.slice();
      mem = placed;
    }
  }
  const it = layout(shape, reduced, inStr);
  const k = new Kernel(mem, out, x instanceof Float32Array ? 8 : 4, Ctor);
  const n = it.shape.length;
  if (n <= 1) {
    k.loop2d(0, 0, n === 1 ? it.shape[0] : 1, 1, n === 1 ? it.inStrides[0] : 0, 0, n === 1 ? it.outStrides[0] : 0, 0);
    return out;
  }
  // DimCounter over the dims above the first two, the lowest fastest.
  const values = new Array<number>(n).fill(0);
  let inOff = 0;
  let outOff = 0;
  for (;;) {
    k.loop2d(outOff, inOff, it.shape[0], it.shape[1], it.inStrides[0], it.inStrides[1], it.outStrides[0], it.outStrides[1]);
    let d = 2;
    for (; d < n; d++) {
      values[d]++;
      inOff += it.inStrides[d];
      outOff += it.outStrides[d];
      if (values[d] < it.shape[d]) break;
      inOff -= it.inStrides[d] * it.shape[d];
      outOff -= it.outStrides[d] * it.shape[d];
      values[d] = 0;
    }
    if (d === n) break;
  }
  return out;
}

interface Layout {
  /** Fastest dim first, after reordering and coalescing. */
  readonly shape: number[];
  readonly inStrides: number[];
  readonly outStrides: number[];
}

function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d];
  }
  return s;
}

/**
 * The values where PyTorch's storage holds them, for strides that are not
 * row-major: element idx at sum(idx[d] * strides[d]). Null when two elements
 * would share a cell with different values (strides that cannot be true of
 * these values), so the caller keeps the row-major order.
 */
function inMemoryOrder(x: FloatArray, shape: readonly number[], strides: readonly number[], Ctor: FloatCtor): FloatArray | null {
  if (strides.some((s) => s < 0)) return null;
  const rank = shape.length;
  const mem = new Ctor(1 + shape.reduce((p, s, d) => p + (s - 1) * strides[d], 0));
  const written = new Uint8Array(mem.length);
  const idx = new Array<number>(rank).fill(0);
  let off = 0;
  for (let i = 0; i < x.length; i++) {
    if (written[off] === 0) {
      mem[off] = x[i];
      written[off] = 1;
    } else if (!Object.is(mem[off], x[i])) {
      return null;
    }
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      off += strides[d];
      if (idx[d] < shape[d]) break;
      off -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return mem;
}

/** TensorIterator's reduction layout for an input with strides `inStr` and its keepdim-shaped contiguous output. */
function layout(shape: readonly number[], reduced: readonly boolean[], inStr: readonly number[]): Layout {
  const rank = shape.length;
  const keptStr = contiguousStrides(shape.map((s, d) => (reduced[d] ? 1 : s)));
  // compute_strides: a size-1 output dim against a larger input dim gets stride 0.
  const outStr = shape.map((s, d) => (reduced[d] && s !== 1 ? 0 : keptStr[d]));

  // reorder_dimensions: 1 if dim a should come after dim b, -1 if before, 0 if undecided.
  const shouldSwap = (a: number, b: number): number => {
    for (let op = 0; op < 2; op++) {
      const str = op === 0 ? outStr : inStr;
      const s0 = str[a];
      const s1 = str[b];
      // The output decides first: reduced dims go to the front.
      if (op === 0 && (s0 === 0) !== (s1 === 0)) return s1 === 0 ? 1 : -1;
      if (s0 === 0 || s1 === 0) continue;
      if (s0 < s1) return -1;
      if (s0 > s1) return 1;
      if (shape[a] > shape[b]) return 1;
    }
    return 0;
  };
  const perm = Array.from({ length: rank }, (_, i) => rank - 1 - i);
  if (rank > 1) {
    for (let i = 1; i < rank; i++) {
      let dim1 = i;
      for (let dim0 = i - 1; dim0 >= 0; dim0--) {
        const c = shouldSwap(perm[dim0], perm[dim1]);
        if (c > 0) {
          [perm[dim0], perm[dim1]] = [perm[dim1], perm[dim0]];
          dim1 = dim0;
        } else if (c < 0) {
          break;
        }
      }
    }
  }
  const sh = perm.map((d) => shape[d]);
  const is = perm.map((d) => inStr[d]);
  const os = perm.map((d) => outStr[d]);
  if (rank <= 1) return { shape: sh, inStrides: is, outStrides: os };

  // coalesce_dimensions
  let prev = 0;
  for (let d = 1; d < rank; d++) {
    const can = sh[prev] === 1 || sh[d] === 1 || (sh[prev] * is[prev] === is[d] && sh[prev] * os[prev] === os[d]);
    if (can) {
      if (sh[prev] === 1) {
        is[prev] = is[d];
        os[prev] = os[d];
      }
      sh[prev] *= sh[d];
    } else {
      prev++;
      if (prev !== d) {
        is[prev] = is[d];
        os[prev] = os[d];
        sh[prev] = sh[d];
      }
    }
  }
  return { shape: sh.slice(0, prev + 1), inStrides: is.slice(0, prev + 1), outStrides: os.slice(0, prev + 1) };
}

const LEVELS = 4;
const ILP = 4;
/** Columns summed together by vectorized_outer_sum / scalar_outer_sum (`nrows`, in vectors or scalars). */
const NROWS = 4;

/** The loops of cascade_sum (SumKernel.cpp) over one 2-D slice; all strides in elements. */
class Kernel {
  constructor(
    private readonly x: FloatArray,
    private readonly out: FloatArray,
    private readonly vec: number,
    Ctor: FloatCtor,
  ) {
    this.acc = new Ctor(LEVELS * Math.max(NROWS * vec, ILP));
  }

  /** multi_row_sum's accumulators, reused: each result is read before the next call. */
  private readonly acc: FloatArray;

  loop2d(o: number, i: number, size0: number, size1: number, in0: number, in1: number, out0: number, out1: number): void {
    const { x, out } = this;
    // Move the reduction to the first dim.
    if (out0 !== 0 && out1 === 0) {
      [in0, in1] = [in1, in0];
      [out0, out1] = [out1, out0];
      [size0, size1] = [size1, size0];
    }
    if (out0 !== 0 && out1 !== 0) {
      // Not a reduction (only size-1 dims summed): out + x, element by element.
      for (let j = 0; j < size1; j++) {
        for (let k = 0; k < size0; k++) out[o + j * out1 + k * out0] += x[i + j * in1 + k * in0];
      }
      return;
    }
    const vec = this.vec;
    if (in0 === 1 && size0 >= vec) {
      // vectorized_inner_sum: each row is the contiguous cascade of cascade_sum.ts.
      for (let j = 0; j < size1; j++) out[o + j * out1] += cascadeSum(x, i + j * in1, size0);
    } else if (in1 === 1 && size1 >= vec) {
      // vectorized_outer_sum: blocks of NROWS vectors of columns share one multi_row_sum, the rest take row_sum.
      const block = NROWS * vec;
      let j = 0;
      for (; j + block <= size1; j += block) {
        const sums = this.multiRowSum(i + j, in0, 1, block, size0);
        for (let c = 0; c < block; c++) out[o + (j + c) * out1] += sums[c];
      }
      for (; j < size1; j++) out[o + j * out1] += this.rowSum(i + j, in0, size0);
    } else if (in0 < in1) {
      // scalar_inner_sum
      for (let j = 0; j < size1; j++) out[o + j * out1] += this.rowSum(i + j * in1, in0, size0);
    } else {
      // scalar_outer_sum
      let j = 0;
      for (; j + NROWS - 1 < size1; j += NROWS) {
        const sums = this.multiRowSum(i + j * in1, in0, in1, NROWS, size0);
        for (let c = 0; c < NROWS; c++) out[o + (j + c) * out1] += sums[c];
      }
      for (; j < size1; j++) out[o + j * out1] += this.rowSum(i + j * in1, in0, size0);
    }
  }

  /** row_sum: `size` elements at `stride`, as ILP interleaved cascades, then the leftovers, then the partials. */
  rowSum(base: number, stride: number, size: number): number {
    const rows = Math.floor(size / ILP);
    const p = this.multiRowSum(base, stride * ILP, stride, ILP, rows);
    const x = this.x;
    for (let k = rows * ILP; k < size; k++) p[0] += x[base + k * stride];
    for (let k = 1; k < ILP; k++) p[0] += p[k];
    return p[0];
  }

  /**
   * multi_row_sum: `cols` columns (`colStride` apart) summed down `size` rows
   * (`rowStride` apart) into accumulator level 0, each level flushed into the
   * next every 2^levelPower rows. Returns the shared accumulators: the first
   * `cols` cells are level 0 with the others folded in, valid until the next call.
   */
  multiRowSum(base: number, rowStride: number, colStride: number, cols: number, size: number): FloatArray {
    const x = this.x;
    const levelPower = Math.max(4, Math.floor(ceilLog2(size) / LEVELS));
    const step = 1 << levelPower;
    const mask = step - 1;
    // Typed-array cells round every add to the dtype, as the C++ accumulators do.
    const acc = this.acc;
    acc.fill(0, 0, LEVELS * cols);
    let r = 0;
    while (r + step <= size) {
      addRows(x, base + r * rowStride, rowStride, colStride, cols, step, acc);
      r += step;
      for (let j = 1; j < LEVELS; j++) {
        const hi = j * cols;
        const lo = hi - cols;
        for (let c = 0; c < cols; c++) {
          acc[hi + c] += acc[lo + c];
          acc[lo + c] = 0;
        }
        if ((r & (mask << (j * levelPower))) !== 0) break;
      }
    }
    addRows(x, base + r * rowStride, rowStride, colStride, cols, size - r, acc);
    for (let j = 1; j < LEVELS; j++) {
      const hi = j * cols;
      for (let c = 0; c < cols; c++) acc[c] += acc[hi + c];
    }
    return acc;
  }
}

/** Level 0 of multi_row_sum: `count` rows added into acc[0, cols), each column in row order. */
function addRows(x: FloatArray, base: number, rowStride: number, colStride: number, cols: number, count: number, acc: FloatArray): void {
  for (let r = 0, b = base; r < count; r++, b += rowStride) {
    for (let c = 0; c < cols; c++) acc[c] += x[b + c * colStride];
  }
}

/** utils::CeilLog2; only its value over 16 matters (level_power is at least 4). */
function ceilLog2(v: number): number {
  return v <= 2 ? 1 : Math.ceil(Math.log2(v));
}
