import type { Shape } from './shape';
import { stridesOf } from './shape';

/*
 * PyTorch's strides, kept as metadata. Storage here is always row-major of the
 * logical shape (a transpose copies), but what PyTorch does next depends on
 * the strides it would have: `x.t().view(6)` refuses, `x.t().reshape(6)`
 * copies, `.is_contiguous()` answers. Ops set these to what PyTorch's own
 * strides would be, and every kernel keeps reading the row-major data.
 */

/** TensorImpl::compute_contiguous: size-1 dims do not matter; an empty tensor is contiguous. */
export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 0) return true;
    if (shape[d] !== 1) {
      if (strides[d] !== expected) return false;
      expected *= shape[d];
    }
  }
  return true;
}

/** Every element at its own offset and no gaps: a permutation of a contiguous layout. */
export function isNonOverlappingAndDense(shape: Shape, strides: readonly number[]): boolean {
  if (isContiguous(shape, strides)) return true;
  const dims = shape.map((_, i) => i).sort((a, b) => (shape[a] < 2 ? 1 : 0) - (shape[b] < 2 ? 1 : 0) || strides[a] - strides[b]);
  let expected = 1;
  for (const d of dims) {
    if (shape[d] === 1) continue;
    if (strides[d] !== expected) return false;
    expected *= shape[d];
  }
  return true;
}

/**
 * at::detail::computeStride (TensorUtils.cpp): the strides of a view of
 * (oldShape, oldStrides) as newShape, or null when no view exists because a
 * new dim would span two non-contiguous chunks.
 */
export function computeStride(oldShape: Shape, oldStrides: readonly number[], newShape: Shape): number[] | null {
  if (oldShape.length === 0) return newShape.map(() => 1);
  const numel = oldShape.reduce((a, s) => a * s, 1);
  if (numel === 0 && oldShape.length === newShape.length && oldShape.every((s, i) => s === newShape[i])) return oldStrides.slice();
  const newStrides = new Array<number>(newShape.length).fill(0);
  if (numel === 0) {
    for (let d = newShape.length - 1; d >= 0; d--) {
      newStrides[d] = d === newShape.length - 1 ? 1 : Math.max(newShape[d + 1], 1) * newStrides[d + 1];
    }
    return newStrides;
  }
  let viewD = newShape.length - 1;
  let chunkBaseStride = oldStrides[oldStrides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d];
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBaseStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBaseStride;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBaseStride = oldStrides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? newStrides : null;
}

/** Strides of an operand seen from the broadcast output shape (0 where it repeats). */
function stridesInFrame(shape: Shape, strides: readonly number[], outShape: Shape): number[] {
  const offset = outShape.length - shape.length;
  return outShape.map((size, d) => {
    const k = d - offset;
    if (k < 0) return 0;
    return shape[k] === 1 && size !== 1 ? 0 : strides[k];
  });
}

export interface Strided {
  readonly shape: Shape;
  readonly strides: readonly number[];
}

/**
 * The strides TensorIterator gives a new elementwise output: its dims ordered
 * like the inputs' (reorder_dimensions: the first input whose strides differ
 * decides, broadcast dims are skipped, equal strides put the smaller dim
 * first), so `x.t() * 2` stays transposed while `ones(3, 2) + x.t()` is contiguous.
 */
export function elementwiseStrides(inputs: readonly Strided[], outShape: Shape): number[] {
  const rank = outShape.length;
  if (rank < 2 || inputs.every((t) => isContiguous(t.shape, t.strides))) return stridesOf(outShape);
  const frames = inputs.map((t) => stridesInFrame(t.shape, t.strides, outShape));
  const shouldSwap = (d0: number, d1: number): number => {
    for (const s of frames) {
      const s0 = s[d0];
      const s1 = s[d1];
      if (s0 === 0 || s1 === 0) continue;
      if (s0 < s1) return -1;
      if (s0 > s1) return 1;
      if (outShape[d0] > outShape[d1]) return 1;
    }
    return 0;
  };
  // perm[0] is the fastest-moving dim; start from row-major order (last dim fastest).
  const perm = Array.from({ length: rank }, (_, i) => rank - 1 - i);
  for (let i = 1; i < rank; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = shouldSwap(perm[d0], perm[d1]);
      if (c > 0) {
        [perm[d0], perm[d1]] = [perm[d1], perm[d0]];
        d1 = d0;
      } else if (c < 0) {
        break;
      }
    }
  }
  const out = new Array<number>(rank);
  let s = 1;
  for (const d of perm) {
    out[d] = s;
    s *= outShape[d];
  }
  return out;
}
