/**
 * The four dtypes the lab supports and PyTorch's promotion rules between them.
 *
 * int64 lives in a Float64Array: exact for |n| <= 2^53, which covers every
 * value a lesson produces, and it keeps every kernel on plain JS numbers
 * instead of BigInt. bool lives in a Uint8Array holding 0 or 1.
 */
export type DType = 'float32' | 'float64' | 'int64' | 'bool';
export type Storage = Float32Array | Float64Array | Uint8Array;

export const DEFAULT_FLOAT: DType = 'float32';

export function allocate(dtype: DType, n: number): Storage {
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
    case 'int64': return new Float64Array(n);
    case 'bool': return new Uint8Array(n);
  }
}

export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** Storage copy with the value conversion PyTorch applies when casting. */
export function castStorage(src: ArrayLike<number>, to: DType): Storage {
  const out = allocate(to, src.length);
  if (to === 'int64') {
    for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]);
  } else if (to === 'bool') {
    for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  } else {
    out.set(src);
  }
  return out;
}

const rank: Record<DType, number> = { bool: 0, int64: 1, float32: 2, float64: 3 };

/** torch.promote_types for our four dtypes. */
export function promoteTypes(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}

/** What a Python scalar contributes to type promotion ("wrapped number"). */
export type ScalarKind = 'bool' | 'int' | 'float';


function scalarDtype(kind: ScalarKind): DType {
  return kind === 'bool' ? 'bool' : kind === 'int' ? 'int64' : DEFAULT_FLOAT;
}

/** c10's combine_categories: a lower tier only matters if it is of a higher category. */
function combineCategories(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower;
  if (lower === null) return higher;
  if (isFloating(higher)) return higher;
  if (higher === 'bool' || isFloating(lower)) return promoteTypes(higher, lower);
  return higher;
}

export type PromotionOperand =
  | { kind: 'tensor'; dtype: DType; zeroDim: boolean }
  | { kind: 'scalar'; scalar: ScalarKind };

/**
 * torch.result_type: dimensioned tensors, zero-dim tensors and Python scalars
 * are three tiers; a lower tier can raise the category (bool < int < float)
 * but never widen within one, so `float32 + 2.5` stays float32 and
 * `float32 tensor + float64 0-d tensor` stays float32.
 */
export function resultType(operands: readonly PromotionOperand[]): DType {
  let dim: DType | null = null;
  let zero: DType | null = null;
  let wrapped: DType | null = null;
  for (const op of operands) {
    if (op.kind === 'scalar') {
      const d = scalarDtype(op.scalar);
      wrapped = wrapped === null ? d : promoteTypes(wrapped, d);
    } else if (op.zeroDim) {
      zero = zero === null ? op.dtype : promoteTypes(zero, op.dtype);
    } else {
      dim = dim === null ? op.dtype : promoteTypes(dim, op.dtype);
    }
  }
  return combineCategories(dim, combineCategories(zero, wrapped)) ?? DEFAULT_FLOAT;
}


/** The legacy type name PyTorch uses in some errors, e.g. `torch.FloatTensor`. */
export function legacyTypeName(dtype: DType): string {
  switch (dtype) {
    case 'float32': return 'torch.FloatTensor';
    case 'float64': return 'torch.DoubleTensor';
    case 'int64': return 'torch.LongTensor';
    case 'bool': return 'torch.BoolTensor';
  }
}
