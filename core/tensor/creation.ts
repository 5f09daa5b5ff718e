import { fmaf } from '../random/avx2_mathfun';
import { fma } from '../random/fma';
import { defaultGenerator } from '../random/generator';
import type { DType, Storage } from './dtype';
import { allocate, castStorage, isFloating } from './dtype';
import { runtimeError, typeError, valueError } from './errors';
import { numelOf } from './shape';
import { Scalar } from './scalar';
import { Tensor } from './tensor';

/** Python data as torch.tensor() receives it: numbers, bools, 1-element tensors, nested lists. */
export type NestedData = number | boolean | Scalar | Tensor | readonly NestedData[];

export interface CreateOptions {
  readonly dtype?: DType;
  readonly requiresGrad?: boolean;
}

function finish(t: Tensor, options: CreateOptions): Tensor {
  if (options.requiresGrad) t.setRequiresGradFromFactory();
  return t;
}

function inferShape(data: NestedData): number[] {
  const shape: number[] = [];
  let cur: NestedData = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0] as NestedData;
  }
  return shape;
}

type Kind = 'bool' | 'int' | 'float';

/** Flattens nested data, checking every list at a depth has the same length. */
function flatten(data: NestedData, shape: readonly number[], depth: number, out: number[], kinds: Set<Kind>): void {
  if (Array.isArray(data)) {
    if (depth >= shape.length) throw typeError(`new(): invalid data type 'list'`);
    if (data.length !== shape[depth]) {
      throw valueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${data.length})`);
    }
    for (const d of data as readonly NestedData[]) flatten(d, shape, depth + 1, out, kinds);
    return;
  }
  if (depth !== shape.length) throw typeError(`not a sequence`);
  if (typeof data === 'boolean') {
    kinds.add('bool');
    out.push(data ? 1 : 0);
  } else if (data instanceof Scalar) {
    kinds.add(data.kind);
    out.push(data.value);
  } else if (data instanceof Tensor) {
    if (data.numel !== 1) throw valueError('only one element tensors can be converted to Python scalars');
    kinds.add(data.dtype === 'bool' ? 'bool' : isFloating(data.dtype) ? 'float' : 'int');
    out.push(data.data[0]);
  } else {
    const n = data as number;
    kinds.add(Number.isInteger(n) ? 'int' : 'float');
    out.push(n);
  }
}

/** torch.tensor: dtype inferred as PyTorch does (any float -> float32, ints -> int64, bools -> bool). */
export function tensor(data: NestedData, options: CreateOptions = {}): Tensor {
  const shape = inferShape(data);
  const flat: number[] = [];
  const kinds = new Set<Kind>();
  flatten(data, shape, 0, flat, kinds);
  const inferred: DType = kinds.has('float') ? 'float32' : kinds.has('int') ? 'int64' : kinds.has('bool') ? 'bool' : 'float32';
  const dtype = options.dtype ?? inferred;
  return finish(new Tensor(castStorage(flat, dtype), shape, dtype), options);
}

function filledWith(shape: readonly number[], dtype: DType, value: number, options: CreateOptions): Tensor {
  checkShape(shape);
  const data = allocate(dtype, numelOf(shape));
  if (value !== 0) data.fill(value);
  return finish(new Tensor(data, shape, dtype), options);
}

function checkShape(shape: readonly number[]): void {
  for (const s of shape) {
    if (!Number.isInteger(s)) throw typeError(`empty(): argument 'size' must be tuple of ints, but found element of type float at pos 0`);
    if (s < 0) throw runtimeError(`Trying to create tensor with negative dimension ${s}: [${shape.join(', ')}]`);
  }
}

export const zeros = (shape: readonly number[], o: CreateOptions = {}): Tensor => filledWith(shape, o.dtype ?? 'float32', 0, o);
export const ones = (shape: readonly number[], o: CreateOptions = {}): Tensor => filledWith(shape, o.dtype ?? 'float32', 1, o);

/** torch.full infers its dtype from the fill value, like torch.tensor. */
export function full(shape: readonly number[], value: number | boolean | Scalar, o: CreateOptions = {}): Tensor {
  const v = value instanceof Scalar ? value.value : typeof value === 'boolean' ? (value ? 1 : 0) : value;
  const kind: Kind = typeof value === 'boolean' ? 'bool' : value instanceof Scalar ? value.kind : Number.isInteger(value) ? 'int' : 'float';
  const inferred: DType = kind === 'float' ? 'float32' : kind === 'int' ? 'int64' : 'bool';
  return filledWith(shape, o.dtype ?? inferred, v, o);
}

export const zerosLike = (t: Tensor, o: CreateOptions = {}): Tensor => filledWith(t.shape, o.dtype ?? t.dtype, 0, o);
export const onesLike = (t: Tensor, o: CreateOptions = {}): Tensor => filledWith(t.shape, o.dtype ?? t.dtype, 1, o);
export const fullLike = (t: Tensor, value: number, o: CreateOptions = {}): Tensor => filledWith(t.shape, o.dtype ?? t.dtype, value, o);

/** torch.arange: int64 when every argument is an int, else float32; values start + i*step. */
export function arange(start: number | Scalar, end: number | Scalar, step: number | Scalar = 1, o: CreateOptions = {}): Tensor {
  const vals = [start, end, step].map((v) => (v instanceof Scalar ? v : new Scalar(v, Number.isInteger(v) ? 'int' : 'float')));
  const [s, e, st] = vals.map((v) => v.value);
  if (st === 0) throw runtimeError('step must be nonzero');
  if ((st > 0 && e < s) || (st < 0 && e > s)) throw runtimeError('upper bound and larger bound inconsistent with step sign');
  const dtype = o.dtype ?? (vals.some((v) => v.kind === 'float') ? 'float32' : 'int64');
  const n = Math.max(0, Math.ceil((e - s) / st));
  const data = allocate(dtype, n);
  if (isFloating(dtype)) rangeFill(data, dtype, (i) => fma(st, i, s), (base, j) => fma(j, st, base));
  else for (let i = 0; i < n; i++) data[i] = s + i * st;
  return finish(new Tensor(data, [n], dtype), o);
}

/**
 * cpu_serial_kernel_vec, as PyTorch's range factories (RangeFactoriesKernel.cpp)
 * fill a float tensor: chunks of two AVX2 vectors (16 floats, 8 doubles), each
 * vector `Vectorized::arange(base, step)` from a base computed for its first
 * index, lane j = base + j*step; the last n mod 16 (8) elements one by one.
 * `scalar(i)` is the per-index formula, `lane(base, j)` one vector lane.
 * The C++ compiles `start + step * idx` into a fused multiply-add.
 */
function rangeFill(data: Storage, dtype: DType, scalar: (i: number) => number, lane: (base: number, j: number) => number): void {
  const round = dtype === 'float32' ? Math.fround : (v: number): number => v;
  const vec = dtype === 'float32' ? 8 : 4;
  const n = data.length;
  const vectorEnd = n - (n % (2 * vec));
  let i = 0;
  for (; i < vectorEnd; i += vec) {
    const base = round(scalar(i));
    for (let j = 0; j < vec; j++) data[i + j] = lane(base, j);
  }
  for (; i < n; i++) data[i] = scalar(i);
}

/**
 * torch.linspace, bit for bit with the CPU kernel: the step is computed in the
 * output dtype, the first half counts up from `start` and the second half back
 * from `end` (a vector takes the side of its first index), so both endpoints
 * are exact. Checked against torch 1.13 (tests/oracle/gen_linspace.py).
 */
export function linspace(start: number, end: number, steps: number, o: CreateOptions = {}): Tensor {
  if (steps < 0) throw runtimeError('number of steps must be non-negative');
  const dtype = o.dtype ?? 'float32';
  const data = allocate(dtype, steps);
  if (steps === 1) data[0] = start;
  if (steps > 1 && isFloating(dtype)) {
    const f32 = dtype === 'float32';
    const round = f32 ? Math.fround : (v: number): number => v;
    const mulAdd = f32 ? fmaf : fma;
    const s = round(start);
    const e = round(end);
    const step = round(round(e - s) / (steps - 1));
    const half = Math.floor(steps / 2);
    rangeFill(
      data, dtype,
      (i) => (i < half ? mulAdd(step, i, s) : mulAdd(-step, steps - i - 1, e)),
      // The lanes are not fused: base + fl(j * step).
      (base, j) => round(base + round(j * step)),
    );
  } else if (steps > 1) {
    const step = (end - start) / (steps - 1);
    const half = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) data[i] = i < half ? start + step * i : end - step * (steps - i - 1);
  }
  return finish(new Tensor(data, [steps], dtype), o);
}

export function eye(n: number, m: number = n, o: CreateOptions = {}): Tensor {
  const dtype = o.dtype ?? 'float32';
  const data = allocate(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return finish(new Tensor(data, [n, m], dtype), o);
}

function floatDtype(o: CreateOptions, fn: string): 'float32' | 'float64' {
  const dtype = o.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw runtimeError(`"${fn}" not implemented for '${dtype === 'int64' ? 'Long' : 'Bool'}'`);
  }
  return dtype;
}

export function rand(shape: readonly number[], o: CreateOptions = {}): Tensor {
  checkShape(shape);
  const dtype = floatDtype(o, 'check_uniform_bounds');
  return finish(new Tensor(defaultGenerator().rand(numelOf(shape), dtype), shape, dtype), o);
}

export function randn(shape: readonly number[], o: CreateOptions = {}): Tensor {
  checkShape(shape);
  const dtype = floatDtype(o, 'normal_kernel_cpu');
  return finish(new Tensor(defaultGenerator().randn(numelOf(shape), dtype), shape, dtype), o);
}

/** `torch.normal(mean, std, size)` with Python-number mean and std. */
export function normal(mean: number, std: number, shape: readonly number[], o: CreateOptions = {}): Tensor {
  if (!(std >= 0)) throw runtimeError(`normal expects std >= 0.0, but found std ${std}`);
  checkShape(shape);
  const dtype = floatDtype(o, 'normal_kernel_cpu');
  return finish(new Tensor(defaultGenerator().normal(numelOf(shape), dtype, mean, std), shape, dtype), o);
}

export const randLike = (t: Tensor, o: CreateOptions = {}): Tensor => rand(t.shape, { dtype: o.dtype ?? t.dtype, ...o });
export const randnLike = (t: Tensor, o: CreateOptions = {}): Tensor => randn(t.shape, { dtype: o.dtype ?? t.dtype, ...o });
