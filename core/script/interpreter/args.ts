/**
 * Binding call arguments to parameters, and converting Python values to what
 * the engine takes, with Python's TypeError wording.
 */
import type { DType, Tensor } from '../../index';
import { Scalar } from '../../index';
import { PyError, typeError } from './errors';
import type { Kwargs, PyValue } from './values';
import { PyDtype, PyList, PyTuple, isTensorValue, typeName } from './values';

/**
 * A parameter list in Python's notation: `'input'`, `'dim=None'` (optional),
 * `'*'` (the rest are keyword-only). Returns the bound values by name;
 * a missing optional parameter is `undefined`.
 */
export function bind(fn: string, params: readonly string[], args: readonly PyValue[], kwargs: Kwargs): Map<string, PyValue | undefined> {
  const out = new Map<string, PyValue | undefined>();
  const names: string[] = [];
  const optional = new Set<string>();
  let positional = 0;
  let kwOnly = false;
  for (const p of params) {
    if (p === '*') {
      kwOnly = true;
      continue;
    }
    const name = p.endsWith('=') ? p.slice(0, -1) : p;
    if (p.endsWith('=')) optional.add(name);
    names.push(name);
    if (!kwOnly) positional++;
  }
  if (args.length > positional) {
    throw typeError(`${fn}() takes ${positional} positional argument${positional === 1 ? '' : 's'} but ${args.length} were given`);
  }
  args.forEach((a, i) => out.set(names[i], a));
  for (const [k, v] of kwargs) {
    if (!names.includes(k)) throw typeError(`${fn}() got an unexpected keyword argument '${k}'`);
    if (out.has(k)) throw typeError(`${fn}() got multiple values for argument '${k}'`);
    out.set(k, v);
  }
  const missing = names.filter((n) => !out.has(n) && !optional.has(n));
  if (missing.length > 0) {
    const list = missing.map((m) => `'${m}'`);
    const text = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
    throw typeError(`${fn}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${text}`);
  }
  return out;
}

export function noKwargs(fn: string, kwargs: Kwargs): void {
  for (const k of kwargs.keys()) throw typeError(`${fn}() got an unexpected keyword argument '${k}'`);
}

export function toInt(v: PyValue | undefined, what: string): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isTensorValue(v) && v.numel === 1 && v.dtype === 'int64') return v.data[0];
  throw typeError(`${what} must be int, not ${typeName(v ?? null)}`);
}

export function toNumber(v: PyValue | undefined, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw typeError(`${what} must be a number, not ${typeName(v ?? null)}`);
}

export function toBool(v: PyValue | undefined, what: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v !== 0n;
  throw typeError(`${what} must be bool, not ${typeName(v ?? null)}`);
}

export function toTensor(v: PyValue | undefined, what: string): Tensor {
  if (isTensorValue(v)) return v;
  throw typeError(`${what} must be Tensor, not ${typeName(v ?? null)}`);
}

export function toDtype(v: PyValue | undefined, what = 'dtype'): DType | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof PyDtype) return v.dtype;
  throw typeError(`${what} must be torch.dtype, not ${typeName(v)}`);
}

/** A Python number as an engine operand that remembers int vs float vs bool. */
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** A Python int as PyTorch unpacks it into an int64 (a Scalar, a shape, an index). */
export function int64(v: bigint): number {
  if (v < INT64_MIN || v > INT64_MAX) throw new PyError('RuntimeError', 'Overflow when unpacking long');
  return Number(v);
}

export function scalarOperand(v: bigint | number | boolean): Scalar {
  if (typeof v === 'boolean') return new Scalar(v ? 1 : 0, 'bool');
  if (typeof v === 'bigint') return new Scalar(int64(v), 'int');
  return new Scalar(v, 'float');
}

/** `f(2, 3)`, `f((2, 3))`, `f([2, 3])` or `f(torch.Size(...))`: a shape. */
export function shapeArgs(fn: string, args: readonly PyValue[]): number[] {
  const items = args.length === 1 && (args[0] instanceof PyTuple || args[0] instanceof PyList) ? (args[0] as PyTuple | PyList).items : args;
  return items.map((a, i) => {
    if (typeof a === 'bigint') return Number(a);
    throw typeError(`${fn}(): argument 'size' must be tuple of ints, but found element of type ${typeName(a)} at pos ${i}`);
  });
}

/** A dims argument: an int or a tuple/list of ints. */
export function dimsArg(v: PyValue | undefined, fn: string): number | number[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof PyTuple || v instanceof PyList) return v.items.map((x) => toInt(x, `${fn}(): argument 'dim'`));
  return toInt(v, `${fn}(): argument 'dim'`);
}
