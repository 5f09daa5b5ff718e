/** Python builtins of the subset (print, range, len, ...) and the `math` module. */
import { abs as tensorAbs, select } from '../../index';
import { pyStrRepr } from '../../print/index';
import { glibcCos, glibcLog, glibcSin } from '../../random/libm';
import { bind, toInt } from './args';
import { PyError, RunStopped, notSupported, typeError, valueError } from './errors';
import { TENSOR_OBJECT_COST, checkSequenceLength } from './limits';
import { roundFloat, roundToInt, toFloat, truncToInt } from './numbers';
import { binary, compareValues, truthy } from './operators';
import { INT_MAX_STR_DIGITS } from './repr';
import type { Runtime } from './runtime';
import { item } from './tensor_attrs';
import type { Kwargs, PyValue } from './values';
import { PyCallable, PyList, PyModule, PyRange, PyTuple, isNumber, isTensorValue, typeName } from './values';

/**
 * Iterates a value as Python's `for` does; lazily, so `range(10**9)` costs
 * nothing up front. With a runtime, a long iteration inside one statement
 * (`sum(range(10**9))`) still stops at the time limit.
 */
export function* iterate(v: PyValue, rt?: Runtime): Generator<PyValue> {
  if (rt === undefined) {
    yield* items(v);
    return;
  }
  let n = 0;
  for (const x of items(v)) {
    if ((++n & 0xffff) === 0) rt.checkTime();
    yield x;
  }
}

/** A value's items as a list or tuple of them: the size is checked before and while it is built. */
export function collect(v: PyValue, kind: 'list' | 'tuple', rt: Runtime): PyValue[] {
  const known = v instanceof PyRange ? v.length : typeof v === 'string' ? BigInt(v.length) : null;
  if (known !== null && known > BigInt(rt.limits.maxSequenceLength)) checkSequenceLength(Number(known), kind, rt.limits);
  if (isTensorValue(v) && v.shape.length > 0) {
    const most = Math.floor(rt.limits.maxTotalElements / TENSOR_OBJECT_COST);
    if (v.shape[0] > most) {
      throw new RunStopped('LimitExceeded', `Autograd Lab refuses to split a tensor into ${v.shape[0]} tensors (the limit is ${most} tensors)`);
    }
  }
  const out: PyValue[] = [];
  for (const x of iterate(v, rt)) {
    if (out.length === rt.limits.maxSequenceLength) checkSequenceLength(out.length + 1, kind, rt.limits);
    out.push(x);
  }
  return out;
}

function* items(v: PyValue): Generator<PyValue> {
  if (v instanceof PyList) {
    // Python iterates a list by index, seeing appends made during the loop.
    for (let i = 0; i < v.items.length; i++) yield v.items[i];
    return;
  }
  if (v instanceof PyTuple) {
    yield* v.items;
    return;
  }
  if (v instanceof PyRange) {
    const n = v.length;
    for (let i = 0n; i < n; i++) yield v.at(i);
    return;
  }
  if (typeof v === 'string') {
    yield* v;
    return;
  }
  if (isTensorValue(v)) {
    if (v.shape.length === 0) throw typeError('iteration over a 0-d tensor');
    for (let i = 0; i < v.shape[0]; i++) yield select(v, 0, i);
    return;
  }
  throw typeError(`'${typeName(v)}' object is not iterable`);
}

function len(v: PyValue): bigint {
  if (v instanceof PyList || v instanceof PyTuple) return BigInt(v.items.length);
  if (typeof v === 'string') return BigInt(codePoints(v));
  if (v instanceof PyRange) {
    if (v.length >= 1n << 63n) throw new PyError('OverflowError', 'Python int too large to convert to C ssize_t');
    return v.length;
  }
  if (isTensorValue(v)) {
    if (v.shape.length === 0) throw typeError('len() of a 0-d tensor');
    return BigInt(v.shape[0]);
  }
  throw typeError(`object of type '${typeName(v)}' has no len()`);
}

/** len(s) in code points, as Python counts, without splitting the string into an array. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** float(x): numbers, numeric strings and one-element tensors. */
function toPyFloat(v: PyValue): number {
  if (isNumber(v)) return toFloat(v);
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (/^[+-]?(inf|infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/.test(s)) return NaN;
    // Underscores only between digits, as in Python literals.
    if (/^[+-]?(D(\.(D)?)?|\.D)(e[+-]?D)?$/.test(s.replace(/\d(?:_?\d)*/g, 'D'))) return Number(s.replace(/_/g, ''));
    throw valueError(`could not convert string to float: ${JSON.stringify(v).replace(/^"|"$/g, "'")}`);
  }
  if (isTensorValue(v)) {
    if (v.numel !== 1) throw valueError('only one element tensors can be converted to Python scalars');
    return v.data[0];
  }
  throw typeError(`float() argument must be a string or a real number, not '${typeName(v)}'`);
}

function toPyInt(v: PyValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') return truncToInt(v);
  if (typeof v === 'string') {
    const trimmed = v.trim();
    const s = trimmed.replace(/_/g, '');
    if (/^[+-]?\d(?:_?\d)*$/.test(trimmed)) {
      const digits = s.replace(/^[+-]/, '').length;
      if (digits > INT_MAX_STR_DIGITS) {
        throw valueError(`Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`);
      }
      return BigInt(s);
    }
    // CPython formats the value with %.200R: its repr, cut at 200 characters.
    throw valueError(`invalid literal for int() with base 10: ${pyStrRepr(v).slice(0, 200)}`);
  }
  if (isTensorValue(v)) {
    if (v.numel !== 1) throw valueError('only one element tensors can be converted to Python scalars');
    return truncToInt(v.data[0]);
  }
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
}

function abs(v: PyValue): PyValue {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint') return v < 0n ? -v : v;
  if (typeof v === 'number') return Math.abs(v);
  if (isTensorValue(v)) return tensorAbs(v);
  throw typeError(`bad operand type for abs(): '${typeName(v)}'`);
}

function extreme(name: 'min' | 'max', args: PyValue[], kwargs: Kwargs, rt: Runtime): PyValue {
  const a = bind(name, ['*', 'default='], [], kwargs);
  if (args.length === 0) throw typeError(`${name} expected at least 1 argument, got 0`);
  // CPython keeps the first of equal items: it replaces only on a strict comparison.
  let best: PyValue | undefined;
  for (const x of args.length === 1 ? iterate(args[0], rt) : args) {
    if (best === undefined || truthy(compareValues(name === 'max' ? '>' : '<', x, best))) best = x;
  }
  if (best === undefined) {
    if (a.has('default')) return a.get('default') ?? null;
    throw valueError(`${name}() arg is an empty sequence`);
  }
  return best;
}

function round(args: PyValue[], kwargs: Kwargs): PyValue {
  const a = bind('round', ['number', 'ndigits='], args, kwargs);
  const x = a.get('number') ?? null;
  const nd = a.get('ndigits');
  if (isTensorValue(x)) throw notSupported('round(tensor)', '; use round(t.item(), n)');
  if (nd === undefined || nd === null) {
    if (typeof x === 'number') return roundToInt(x);
    if (typeof x === 'bigint') return x;
    if (typeof x === 'boolean') return x ? 1n : 0n;
    throw typeError(`type ${typeName(x)} doesn't define __round__ method`);
  }
  const n = toInt(nd, "'ndigits'");
  if (typeof x === 'number') return roundFloat(x, n);
  if (typeof x === 'bigint' || typeof x === 'boolean') {
    const v = typeof x === 'boolean' ? (x ? 1n : 0n) : x;
    if (n >= 0) return v;
    const p = 10n ** BigInt(-n);
    const q = v / p;
    const r = v - q * p;
    const twice = 2n * (r < 0n ? -r : r);
    let rq = q;
    if (twice > p || (twice === p && (q & 1n) === 1n)) rq += v < 0n ? -1n : 1n;
    return rq * p;
  }
  throw typeError(`type ${typeName(x)} doesn't define __round__ method`);
}

function builtin(name: string, fn: (args: PyValue[], kwargs: Kwargs) => PyValue): [string, PyCallable] {
  return [name, new PyCallable(name, fn)];
}

function mathBuiltin(name: string, fn: (args: PyValue[], kwargs: Kwargs) => PyValue): [string, PyCallable] {
  return [name, new PyCallable(`math.${name}`, fn)];
}

function rangeOf(args: PyValue[], kwargs: Kwargs): PyRange {
  if (kwargs.size > 0) throw typeError('range() takes no keyword arguments');
  if (args.length === 0 || args.length > 3) throw typeError(`range expected at most 3 arguments, got ${args.length}`);
  const ints = args.map((a) => {
    if (typeof a === 'bigint') return a;
    if (typeof a === 'boolean') return a ? 1n : 0n;
    throw typeError(`'${typeName(a)}' object cannot be interpreted as an integer`);
  });
  const [start, stop, step] = ints.length === 1 ? [0n, ints[0], 1n] : [ints[0], ints[1], ints[2] ?? 1n];
  if (step === 0n) throw valueError('range() arg 3 must not be zero');
  return new PyRange(start, stop, step);
}

export function builtins(rt: Runtime): Map<string, PyValue> {
  return new Map<string, PyValue>([
    builtin('print', (args, kwargs) => {
      const a = bind('print', ['*', 'sep=', 'end=', 'file=', 'flush='], [], kwargs);
      const sep = a.get('sep');
      const end = a.get('end');
      if (a.get('file') !== undefined && a.get('file') !== null) throw notSupported('print(file=...)');
      for (const [k, v] of [['sep', sep], ['end', end]] as const) {
        if (v !== undefined && v !== null && typeof v !== 'string') throw typeError(`${k} must be None or a string, not ${typeName(v)}`);
      }
      rt.print(args, typeof sep === 'string' ? sep : ' ', typeof end === 'string' ? end : '\n');
      return null;
    }),
    builtin('range', rangeOf),
    builtin('len', (args, kwargs) => {
      if (kwargs.size > 0) throw typeError('len() takes no keyword arguments');
      if (args.length !== 1) throw typeError(`len() takes exactly one argument (${args.length} given)`);
      return len(args[0]);
    }),
    builtin('abs', (args, kwargs) => {
      if (kwargs.size > 0 || args.length !== 1) throw typeError(`abs() takes exactly one argument (${args.length} given)`);
      return abs(args[0]);
    }),
    builtin('float', (args, kwargs) => {
      const a = bind('float', ['x='], args, kwargs);
      return a.has('x') ? toPyFloat(a.get('x') ?? null) : 0;
    }),
    builtin('int', (args, kwargs) => {
      const a = bind('int', ['x='], args, kwargs);
      return a.has('x') ? toPyInt(a.get('x') ?? null) : 0n;
    }),
    builtin('bool', (args, kwargs) => {
      const a = bind('bool', ['x='], args, kwargs);
      return a.has('x') ? truthy(a.get('x') ?? null) : false;
    }),
    builtin('str', (args, kwargs) => {
      const a = bind('str', ['object='], args, kwargs);
      return a.has('object') ? rt.printer.str(a.get('object') ?? null) : '';
    }),
    builtin('repr', (args, kwargs) => {
      const a = bind('repr', ['obj'], args, kwargs);
      return rt.printer.repr(a.get('obj') ?? null);
    }),
    builtin('round', round),
    builtin('min', (args, kwargs) => extreme('min', args, kwargs, rt)),
    builtin('max', (args, kwargs) => extreme('max', args, kwargs, rt)),
    builtin('sum', (args, kwargs) => {
      const a = bind('sum', ['iterable', 'start='], args, kwargs);
      let total: PyValue = a.get('start') ?? 0n;
      for (const x of iterate(a.get('iterable') ?? null, rt)) total = binary('+', total, x, rt.limits);
      return total;
    }),
    builtin('list', (args, kwargs) => {
      const a = bind('list', ['iterable='], args, kwargs);
      return new PyList(a.has('iterable') ? collect(a.get('iterable') ?? null, 'list', rt) : []);
    }),
    builtin('tuple', (args, kwargs) => {
      const a = bind('tuple', ['iterable='], args, kwargs);
      return new PyTuple(a.has('iterable') ? collect(a.get('iterable') ?? null, 'tuple', rt) : []);
    }),
  ]);
}

function mathFn(name: string, f: (x: number) => number, domain?: (x: number) => boolean): [string, PyCallable] {
  return mathBuiltin(name, (args, kwargs) => {
    const a = bind(name, ['x'], args, kwargs);
    const x = toPyFloatForMath(a.get('x') ?? null);
    if (domain && !domain(x)) throw valueError('math domain error');
    const r = f(x);
    if (!Number.isFinite(r) && Number.isFinite(x)) throw new PyError('OverflowError', 'math range error');
    return r;
  });
}

function toPyFloatForMath(v: PyValue): number {
  if (typeof v === 'string') throw typeError(`must be real number, not str`);
  if (isTensorValue(v)) {
    if (v.numel !== 1) throw valueError('only one element tensors can be converted to Python scalars');
    const x = item(v);
    return typeof x === 'number' ? x : toFloat(x as bigint | boolean);
  }
  if (!isNumber(v)) throw typeError(`must be real number, not ${typeName(v)}`);
  return toFloat(v);
}

export function mathModule(): PyModule {
  const attrs = new Map<string, PyValue>([
    ['pi', Math.PI],
    ['e', Math.E],
    ['tau', 2 * Math.PI],
    ['inf', Infinity],
    ['nan', NaN],
    mathFn('sqrt', Math.sqrt, (x) => x >= 0 || Number.isNaN(x)),
    mathFn('exp', Math.exp),
    mathFn('sin', glibcSin, (x) => Number.isFinite(x) || Number.isNaN(x)),
    mathFn('cos', glibcCos, (x) => Number.isFinite(x) || Number.isNaN(x)),
    mathFn('tan', Math.tan, (x) => Number.isFinite(x) || Number.isNaN(x)),
    mathFn('tanh', Math.tanh),
    mathFn('fabs', Math.abs),
    mathFn('log2', Math.log2, (x) => x > 0 || Number.isNaN(x)),
    mathFn('log10', Math.log10, (x) => x > 0 || Number.isNaN(x)),
    mathBuiltin('log', (args, kwargs) => {
      const a = bind('log', ['x', 'base='], args, kwargs);
      const x = toPyFloatForMath(a.get('x') ?? null);
      if (!(x > 0) && !Number.isNaN(x)) throw valueError('math domain error');
      const base = a.get('base');
      if (base === undefined) return glibcLog(x);
      const b = toPyFloatForMath(base);
      if (!(b > 0)) throw valueError('math domain error');
      const lb = glibcLog(b);
      if (lb === 0) throw new PyError('ZeroDivisionError', 'float division by zero');
      return glibcLog(x) / lb;
    }),
    mathBuiltin('floor', (args, kwargs) => {
      const a = bind('floor', ['x'], args, kwargs);
      const x = a.get('x') ?? null;
      return typeof x === 'bigint' ? x : roundDown(toPyFloatForMath(x));
    }),
    mathBuiltin('ceil', (args, kwargs) => {
      const a = bind('ceil', ['x'], args, kwargs);
      const x = a.get('x') ?? null;
      return typeof x === 'bigint' ? x : -roundDown(-toPyFloatForMath(x));
    }),
    mathBuiltin('isnan', (args, kwargs) => Number.isNaN(toPyFloatForMath(bind('isnan', ['x'], args, kwargs).get('x') ?? null))),
    mathBuiltin('isinf', (args, kwargs) => {
      const x = toPyFloatForMath(bind('isinf', ['x'], args, kwargs).get('x') ?? null);
      return x === Infinity || x === -Infinity;
    }),
  ]);
  return new PyModule('math', attrs);
}

function roundDown(x: number): bigint {
  return truncToInt(Math.floor(x));
}

