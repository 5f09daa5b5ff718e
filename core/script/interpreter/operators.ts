/**
 * Python's binary operators, comparisons and truthiness over every value the
 * interpreter knows: numbers, strings, sequences and tensors.
 */
import type { Comparison, Operand, Tensor } from '../../index';
import { add, compare, div, matmul, mul, neg, pow, reciprocal, rsub, sub } from '../../index';
import { scalarOperand } from './args';
import { PyError, notSupported, typeError } from './errors';
import type { RunLimits } from './limits';
import { DEFAULT_LIMITS, checkSequenceLength, checkStringLength, repeatedLength } from './limits';
import { numberBinary, numberCompare } from './numbers';
import type { PyValue } from './values';
import { PyList, PyRange, PyTuple, isNode, isNumber, isTensorValue, typeName } from './values';

function unsupportedOperands(op: string, a: PyValue, b: PyValue): PyError {
  return typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function tensorOperand(v: PyValue): Operand | null {
  if (isTensorValue(v)) return v;
  if (isNumber(v)) return scalarOperand(v);
  return null;
}

/** `a op b` where at least one side is a tensor, as Tensor.__op__ / __rop__ do it. */
function tensorBinary(op: string, a: PyValue, b: PyValue): PyValue {
  const x = tensorOperand(a);
  const y = tensorOperand(b);
  if (x === null || y === null) throw unsupportedOperands(op, a, b);
  const aIsTensor = isTensorValue(a);
  switch (op) {
    case '+': return aIsTensor ? add(x, y) : add(y, x);
    case '*': return aIsTensor ? mul(x, y) : mul(y, x);
    case '-': return aIsTensor ? sub(x, y) : rsub(y as Tensor, x as Exclude<Operand, Tensor>);
    case '/': return aIsTensor ? div(x, y) : mul(reciprocal(y as Tensor), x);
    case '**': return pow(x, y);
    case '@':
      if (!isTensorValue(a) || !isTensorValue(b)) throw unsupportedOperands(op, a, b);
      return matmul(a, b);
  }
  throw notSupported(op, 'on tensors');
}

function repeat<T>(items: readonly T[], times: bigint | boolean, kind: 'list' | 'tuple', limits: RunLimits): T[] {
  const total = repeatedLength(items.length, times);
  checkSequenceLength(total, kind, limits);
  const out: T[] = new Array<T>(total);
  for (let i = 0; i < total; i++) out[i] = items[i % items.length];
  return out;
}

/** Sizes of str, list and tuple results are checked against `limits` before they are built. */
export function binary(op: string, a: PyValue, b: PyValue, limits: RunLimits = DEFAULT_LIMITS): PyValue {
  if (isTensorValue(a) || isTensorValue(b)) return tensorBinary(op, a, b);
  if (isNumber(a) && isNumber(b)) {
    const r = numberBinary(op, a, b);
    if (r !== undefined) return r;
    throw unsupportedOperands(op, a, b);
  }
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') {
      checkStringLength(a.length + b.length, limits);
      return a + b;
    }
    if (a instanceof PyList && b instanceof PyList) {
      checkSequenceLength(a.items.length + b.items.length, 'list', limits);
      return new PyList([...a.items, ...b.items]);
    }
    if (a instanceof PyTuple && b instanceof PyTuple) {
      checkSequenceLength(a.items.length + b.items.length, 'tuple', limits);
      return new PyTuple([...a.items, ...b.items], a.isSize);
    }
    if (typeof a === 'string' || typeof b === 'string') {
      if (typeof a === 'string') throw typeError(`can only concatenate str (not "${typeName(b)}") to str`);
    }
    if (a instanceof PyList) throw typeError(`can only concatenate list (not "${typeName(b)}") to list`);
    if (a instanceof PyTuple) throw typeError(`can only concatenate tuple (not "${typeName(b)}") to tuple`);
  }
  if (op === '%' && typeof a === 'string') throw notSupported('str % ...', '(printf-style formatting); use an f-string');
  if (op === '*') {
    const [seq, n] = typeof b === 'bigint' || typeof b === 'boolean' ? [a, b] : [b, a];
    if (typeof n === 'bigint' || typeof n === 'boolean') {
      if (typeof seq === 'string') {
        const total = repeatedLength(seq.length, n);
        checkStringLength(total, limits);
        return total === 0 ? '' : seq.repeat(total / seq.length);
      }
      if (seq instanceof PyList) return new PyList(repeat(seq.items, n, 'list', limits));
      if (seq instanceof PyTuple) return new PyTuple(repeat(seq.items, n, 'tuple', limits));
    }
    if (typeof seq === 'string' || seq instanceof PyList || seq instanceof PyTuple) {
      throw typeError(`can't multiply sequence by non-int of type '${typeName(n)}'`);
    }
  }
  throw unsupportedOperands(op, a, b);
}

const comparisonOps: Record<string, Comparison> = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };
/** `2 < x` is `x > 2`. */
const reflected: Record<string, string> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function sequenceItems(v: PyValue): readonly PyValue[] | null {
  if (v instanceof PyList || v instanceof PyTuple) return v.items;
  return null;
}

/** Nesting past which comparing lists fails as CPython does at its recursion limit. */
const MAX_COMPARE_DEPTH = 1000;
let compareDepth = 0;

/** Runs a comparison one level deeper into nested sequences, refusing to overflow the JS stack. */
function nested<T>(f: () => T): T {
  if (compareDepth >= MAX_COMPARE_DEPTH) throw new PyError('RecursionError', 'maximum recursion depth exceeded in comparison');
  compareDepth++;
  try {
    return f();
  } finally {
    compareDepth--;
  }
}

/** Python `==` between non-tensor values (recursing into lists and tuples). */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  if (isNumber(a) && isNumber(b)) return numberCompare('==', a, b);
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a === null || b === null) return a === b;
  const sa = sequenceItems(a);
  const sb = sequenceItems(b);
  if (sa !== null && sb !== null) {
    // list == tuple is False in Python; torch.Size is a tuple.
    if ((a instanceof PyList) !== (b instanceof PyList)) return false;
    if (sa.length !== sb.length) return false;
    return nested(() => {
      for (let i = 0; i < sa.length; i++) {
        // CPython compares items with PyObject_RichCompareBool: the same object is equal to itself.
        if (sameObject(sa[i], sb[i])) continue;
        if (!truthy(compareValues('==', sa[i], sb[i]))) return false;
      }
      return true;
    });
  }
  if (a instanceof PyRange && b instanceof PyRange) {
    return a.length === b.length && (a.length === 0n || (a.start === b.start && (a.length === 1n || a.step === b.step)));
  }
  return a === b;
}

function orderSequences(op: string, sa: readonly PyValue[], sb: readonly PyValue[]): boolean {
  const n = Math.min(sa.length, sb.length);
  return nested(() => {
    for (let i = 0; i < n; i++) {
      if (!sameObject(sa[i], sb[i]) && !pyEquals(sa[i], sb[i])) return truthy(compareValues(op, sa[i], sb[i]));
    }
    return numberCompare(op, BigInt(sa.length), BigInt(sb.length));
  });
}

/** Identity of objects; numbers and strings are values here, so `nan` stays unequal to itself. */
function sameObject(a: PyValue, b: PyValue): boolean {
  return typeof a === 'object' && a !== null && a === b;
}

/** One comparison `a op b` (without chaining). */
export function compareValues(op: string, a: PyValue, b: PyValue): PyValue {
  if (op === 'is') return identical(a, b);
  if (op === 'is not') return !identical(a, b);
  if (op === 'in') return contains(b, a);
  if (op === 'not in') return !truthy(contains(b, a));
  if (isTensorValue(a) || isTensorValue(b)) {
    const x = tensorOperand(a);
    const y = tensorOperand(b);
    if (x === null || y === null) {
      if (op === '==') return false;
      if (op === '!=') return true;
      throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
    }
    return isTensorValue(a) ? compare(comparisonOps[op], x, y) : compare(comparisonOps[reflected[op]], y, x);
  }
  if (op === '==') return pyEquals(a, b);
  if (op === '!=') return !pyEquals(a, b);
  if (isNumber(a) && isNumber(b)) return numberCompare(op, a, b);
  if (typeof a === 'string' && typeof b === 'string') {
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  }
  const sa = sequenceItems(a);
  const sb = sequenceItems(b);
  if (sa !== null && sb !== null && (a instanceof PyList) === (b instanceof PyList)) return orderSequences(op, sa, sb);
  throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

function identical(a: PyValue, b: PyValue): boolean {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
  return a === b;
}

function contains(container: PyValue, item: PyValue): PyValue {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  const items = sequenceItems(container);
  if (items !== null) return items.some((x) => x === item || truthy(compareValues('==', x, item)));
  if (container instanceof PyRange) {
    if (typeof item !== 'bigint') return false;
    const { start, step } = container;
    const k = (item - start) / step;
    return (item - start) % step === 0n && k >= 0n && k < container.length;
  }
  throw typeError(`argument of type '${typeName(container)}' is not iterable`);
}

/** bool(v), with PyTorch's error for a tensor of several values. */
export function truthy(v: PyValue): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean': return v;
    case 'bigint': return v !== 0n;
    case 'number': return v !== 0;
    case 'string': return v.length > 0;
  }
  if (isTensorValue(v)) {
    if (v.numel === 0) throw new PyError('RuntimeError', 'Boolean value of Tensor with no values is ambiguous');
    if (v.numel !== 1) throw new PyError('RuntimeError', 'Boolean value of Tensor with more than one value is ambiguous');
    return v.data[0] !== 0;
  }
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyRange) return v.length > 0n;
  if (isNode(v)) return true;
  return true;
}

export function unaryOp(op: string, v: PyValue): PyValue {
  if (op === 'not') return !truthy(v);
  if (isTensorValue(v)) {
    if (op === '-') return neg(v);
    if (op === '+') return v;
    throw notSupported(`${op}x`, 'on tensors');
  }
  if (typeof v === 'boolean') v = v ? 1n : 0n;
  if (typeof v === 'bigint') {
    if (op === '-') return -v;
    if (op === '+') return v;
    return ~v;
  }
  if (typeof v === 'number') {
    if (op === '-') return -v;
    if (op === '+') return v;
  }
  throw typeError(`bad operand type for unary ${op}: '${typeName(v)}'`);
}
