/**
 * Snapshots of live values as plain JSON data: tensor summaries for the
 * result, and the `--json` form of printed values. Both copy the data, since
 * tensors change in place after the moment they describe.
 */
import type { Tensor } from '../index';
import { tensorRepr } from '../index';
import { PyCallable, PyDtype, PyGradMode, PyList, PyModule, PyRange, PyTuple, isNode, isTensorValue } from '../script/interpreter/values';
import type { PyValue } from '../script/interpreter/values';
import type { Printer } from '../script/interpreter/repr';
import type { JsonValue, TensorSummary } from './run_result';

/** Tensors up to this many elements keep their values in summaries. */
export const DEFAULT_SUMMARY_ELEMENTS = 10_000;

export function summarize(t: Tensor, maxElements = DEFAULT_SUMMARY_ELEMENTS): TensorSummary {
  return {
    shape: t.shape.slice(),
    dtype: t.dtype,
    values: t.numel <= maxElements ? Array.from(t.data) : null,
    repr: tensorRepr(t),
    requiresGrad: t.requiresGrad,
    isLeaf: t.isLeaf,
    gradFn: t.gradFn === null ? null : t.gradFn.name,
  };
}

/** A float as the corpus fixtures encode it: JSON has no nan/inf, so they become strings. */
export function jsonNumber(x: number): number | string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return x;
}

function tensorData(t: Tensor): JsonValue[] {
  const out: JsonValue[] = new Array(t.numel);
  for (let i = 0; i < t.numel; i++) {
    const v = t.data[i];
    out[i] = t.dtype === 'bool' ? v !== 0 : jsonNumber(v);
  }
  return out;
}

/** Lists nested deeper than this (Python cannot print them either) end in a `{"repr": "..."}`. */
const MAX_JSON_DEPTH = 1000;

/** One printed value in the `{"print": [...]}` record of `--json` mode (see issue 3). */
export function jsonValue(v: PyValue, printer: Printer): JsonValue {
  return jsonOf(v, printer, new Set(), 0);
}

function jsonOf(v: PyValue, printer: Printer, open: Set<object>, depth: number): JsonValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return jsonNumber(v);
  if (isTensorValue(v)) {
    return {
      tensor: {
        shape: v.shape.slice(),
        dtype: v.dtype,
        data: tensorData(v),
        requires_grad: v.requiresGrad,
        grad_fn: v.gradFn === null ? null : v.gradFn.name,
        is_leaf: v.isLeaf,
      },
    };
  }
  if (isNode(v)) return { grad_fn: v.name };
  if (v instanceof PyTuple && v.isSize) return { size: v.items.map((s) => Number(s)) };
  if (v instanceof PyDtype) return { dtype: v.dtype };
  if (v instanceof PyList || v instanceof PyTuple) {
    // A list that contains itself prints as [...]: its JSON says so instead of recursing forever.
    if (open.has(v) || depth >= MAX_JSON_DEPTH) return { repr: v instanceof PyList ? '[...]' : '(...)' };
    open.add(v);
    const out = v.items.map((x) => jsonOf(x, printer, open, depth + 1));
    open.delete(v);
    return out;
  }
  if (v instanceof PyRange || v instanceof PyModule || v instanceof PyCallable || v instanceof PyGradMode) {
    return { repr: printer.repr(v) };
  }
  return { repr: printer.repr(v) };
}

/** Tensor elements among printed values (lists included), what their JSON record costs to keep. */
export function tensorElements(values: readonly PyValue[]): number {
  let n = 0;
  const seen = new Set<object>();
  const stack: PyValue[] = [...values];
  while (stack.length > 0) {
    const v = stack.pop() as PyValue;
    if (isTensorValue(v)) n += v.numel;
    else if ((v instanceof PyList || v instanceof PyTuple) && !seen.has(v)) {
      seen.add(v);
      n += v.items.length;
      for (const x of v.items) stack.push(x);
    }
  }
  return n;
}
