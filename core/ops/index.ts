import { record, traceOrigin } from '../autograd/record';
import { allocate } from '../tensor/dtype';
import { indexError, valueError } from '../tensor/errors';
import { stridesOf } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { alias, unsqueeze } from './view';

/** One entry of a subscript: `x[1]`, `x[1:3]`, `x[None]`, `x[...]`. */
export type IndexItem =
  | { readonly kind: 'int'; readonly index: number }
  | { readonly kind: 'slice'; readonly start: number | null; readonly stop: number | null; readonly step: number | null }
  | { readonly kind: 'none' }
  | { readonly kind: 'ellipsis' };

/** Copies the block [start, start + step*len) along `dim`; keeps or drops that dim. */
function gather(x: Tensor, dim: number, start: number, len: number, step: number, keepDim: boolean): Tensor {
  const outer = x.shape.slice(0, dim).reduce((a, s) => a * s, 1);
  const inner = stridesOf(x.shape)[dim] ?? 1;
  const size = x.shape[dim];
  const shape = x.shape.slice();
  if (keepDim) shape[dim] = len;
  else shape.splice(dim, 1);
  // A block of whole rows of the outermost dim is contiguous: share storage, as PyTorch's view would.
  if (outer === 1 && step === 1) {
    const out = new Tensor(x.data.subarray(start * inner, (start + len) * inner), shape, x.dtype, x.version);
    out.base = x.base ?? x;
    return out;
  }
  const out = allocate(x.dtype, outer * len * inner);
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < len; j++) {
      const src = (a * size + start + j * step) * inner;
      for (let b = 0; b < inner; b++) out[o++] = x.data[src + b];
    }
  }
  return new Tensor(out, shape, x.dtype);
}

/** The transpose of gather: scatters a gradient back into zeros of the input's shape. */
function scatter(g: Tensor, shape: readonly number[], dim: number, start: number, len: number, step: number): Tensor {
  const outer = shape.slice(0, dim).reduce((a, s) => a * s, 1);
  const inner = stridesOf(shape)[dim] ?? 1;
  const size = shape[dim];
  const out = allocate(g.dtype, shape.reduce((a, s) => a * s, 1));
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < len; j++) {
      const dst = (a * size + start + j * step) * inner;
      for (let b = 0; b < inner; b++) out[dst + b] = g.data[o++];
    }
  }
  return new Tensor(out, shape, g.dtype);
}

export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.shape.length === 0) {
    throw indexError('invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number');
  }
  const size = x.shape[dim];
  if (index < -size || index >= size) throw indexError(`index ${index} is out of bounds for dimension ${dim} with size ${size}`);
  const i = index < 0 ? index + size : index;
  const out = gather(x, dim, i, 1, 1, false);
  // PyTorch's select is a view: the input's strides without `dim`.
  out.strides = x.strides.filter((_, d) => d !== dim);
  const shape = x.shape;
  record(out, 'SelectBackward0', [x], () => (g) => [scatter(g, shape, dim, i, 1, 1)]);
  return traceOrigin(out, 'select', [x], { dim, index: i });
}

/** Python slice semantics (clamping), as x[start:stop:step] along `dim`. */
export function slice(x: Tensor, dim: number, start: number | null, stop: number | null, step: number | null): Tensor {
  const st = step ?? 1;
  if (st <= 0) throw valueError('step must be greater than zero');
  const size = x.shape[dim];
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const s0 = start === null ? 0 : clamp(start);
  const s1 = stop === null ? size : clamp(stop);
  const len = s1 > s0 ? Math.ceil((s1 - s0) / st) : 0;
  const out = gather(x, dim, s0, len, st, true);
  // A view in PyTorch: `dim` steps `step` times further.
  out.strides = x.strides.map((v, d) => (d === dim ? v * st : v));
  const shape = x.shape;
  record(out, 'SliceBackward0', [x], () => (g) => [scatter(g, shape, dim, s0, len, st)]);
  return traceOrigin(out, 'slice', [x], { dim, start: s0, stop: s0 + len * st, step: st });
}

/**
 * x[items]: applied one dim at a time, as PyTorch's applySlicing does. A full
 * `:` is still a slice (SliceBackward0, as PyTorch 1.13 records it); an index
 * that touches no dim (`x[...]`) is an alias (AliasBackward0).
 */
export function index(x: Tensor, items: readonly IndexItem[]): Tensor {
  const consuming = items.filter((it) => it.kind === 'int' || it.kind === 'slice').length;
  if (consuming > x.shape.length) {
    throw indexError(`too many indices for tensor of dimension ${x.shape.length}`);
  }
  const ellipses = items.filter((it) => it.kind === 'ellipsis').length;
  if (ellipses > 1) throw indexError('an index can only have a single ellipsis (\'...\')');
  let out = x;
  let dim = 0;
  for (const item of items) {
    if (item.kind === 'int') {
      out = select(out, dim, item.index);
    } else if (item.kind === 'slice') {
      out = slice(out, dim, item.start, item.stop, item.step);
      dim++;
    } else if (item.kind === 'none') {
      out = unsqueeze(out, dim);
      dim++;
    } else {
      dim += x.shape.length - consuming;
    }
  }
  return out === x ? alias(x) : out;
}

/** Flat storage offsets that x[items] addresses (for `x[items] = value`). */
export function indexOffsets(shape: readonly number[], items: readonly IndexItem[]): { offsets: number[]; shape: number[] } {
  let offsets = [0];
  const resultShape: number[] = [];
  const strides = stridesOf(shape);
  const consuming = items.filter((it) => it.kind === 'int' || it.kind === 'slice').length;
  if (consuming > shape.length) throw indexError(`too many indices for tensor of dimension ${shape.length}`);
  let dim = 0;
  for (const item of items) {
    if (item.kind === 'int') {
      const size = shape[dim];
      if (item.index < -size || item.index >= size) throw indexError(`index ${item.index} is out of bounds for dimension ${dim} with size ${size}`);
      const i = item.index < 0 ? item.index + size : item.index;
      offsets = offsets.map((o) => o + i * strides[dim]);
      dim++;
    } else if (item.kind === 'slice') {
      const size = shape[dim];
      const st = item.step ?? 1;
      if (st <= 0) throw valueError('step must be greater than zero');
      const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
      const s0 = item.start === null ? 0 : clamp(item.start);
      const s1 = item.stop === null ? size : clamp(item.stop);
      const len = s1 > s0 ? Math.ceil((s1 - s0) / st) : 0;
      const next: number[] = [];
      for (const o of offsets) for (let j = 0; j < len; j++) next.push(o + (s0 + j * st) * strides[dim]);
      offsets = next;
      resultShape.push(len);
      dim++;
    } else if (item.kind === 'ellipsis') {
      const skip = shape.length - consuming;
      for (let k = 0; k < skip; k++) {
        const next: number[] = [];
        for (const o of offsets) for (let j = 0; j < shape[dim]; j++) next.push(o + j * strides[dim]);
        offsets = next;
        resultShape.push(shape[dim]);
        dim++;
      }
    } else {
      resultShape.push(1);
    }
  }
  for (; dim < shape.length; dim++) {
    const next: number[] = [];
    for (const o of offsets) for (let j = 0; j < shape[dim]; j++) next.push(o + j * strides[dim]);
    offsets = next;
    resultShape.push(shape[dim]);
  }
  return { offsets, shape: resultShape };
}
