/** str(), repr() and format() of Python values, as CPython and PyTorch print them. */
import type { Node } from '../../index';
import { tensorRepr } from '../../index';
import { formatDtype, formatSize, formatSpec, pyFloatRepr, pyStrRepr } from '../../print/index';
import { PyError } from './errors';
import { isParameter } from './parameters';
import type { RunLimits } from './limits';
import { DEFAULT_LIMITS, checkStringLength, memoryError } from './limits';
import type { PyValue } from './values';
import { PyCallable, PyClass, PyDtype, PyFunction, PyGradMode, PyList, PyModule, PyObject, PyRange, PyTuple, isNode, isTensorValue } from './values';

/** CPython 3.11's sys.get_int_max_str_digits(): str(int) and int(str) refuse more decimal digits. */
export const INT_MAX_STR_DIGITS = 4300;

/** Nested lists deeper than this fail as CPython's repr does at its recursion limit. */
const MAX_REPR_DEPTH = 1000;

/** Marks a repr cut short for display (variable summaries), never a printed value. */
export const TRUNCATION_MARK = '…';

const INT_DIGITS_MESSAGE =
  `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`;

/** str(n) of a Python int, with CPython 3.11's limit on decimal digits. */
export function intToDecimal(n: bigint): string {
  const bits = (n < 0n ? -n : n).toString(16).length * 4;
  // 2**14288 < 10**4301: anything wider is past the limit without converting it.
  if (bits > 14_300) throw new PyError('ValueError', INT_DIGITS_MESSAGE);
  const s = n.toString();
  if (s.length - (n < 0n ? 1 : 0) > INT_MAX_STR_DIGITS) throw new PyError('ValueError', INT_DIGITS_MESSAGE);
  return s;
}

/**
 * Stable fake addresses for `<X object at 0x...>`: real ones differ per run
 * anyway, and fixed ones keep a rerun's output identical.
 */
export class AddressBook {
  #next = 0x7f3a1c2b5e80n;
  readonly #addresses = new WeakMap<object, string>();

  of(obj: object): string {
    let a = this.#addresses.get(obj);
    if (a === undefined) {
      a = '0x' + this.#next.toString(16);
      this.#next += 0x40n;
      this.#addresses.set(obj, a);
    }
    return a;
  }
}

/** Thrown inside a repr once its text passes the budget; never leaves this module. */
class OverBudget {}

/** A repr being written, refusing to grow past `max` characters. */
class Out {
  readonly parts: string[] = [];
  length = 0;
  constructor(readonly max: number) {}

  write(s: string): void {
    this.parts.push(s);
    this.length += s.length;
    if (this.length > this.max) throw new OverBudget();
  }
}

export class Printer {
  readonly limits: RunLimits;

  constructor(
    readonly addresses: AddressBook = new AddressBook(),
    limits: RunLimits = DEFAULT_LIMITS,
  ) {
    this.limits = limits;
  }

  /** repr(v); MemoryError past the string limit, as building any other string. */
  repr(v: PyValue): string {
    const out = new Out(this.limits.maxStringLength);
    try {
      this.#write(v, out, 0, new Set(), true);
    } catch (e) {
      if (e instanceof OverBudget) checkStringLength(out.length, this.limits);
      throw e;
    }
    return out.parts.join('');
  }

  /**
   * repr(v) for display, never failing: cut after `max` characters with a
   * trailing `…`, and values Python could not print shown by what they are.
   */
  reprForDisplay(v: PyValue, max: number): string {
    const out = new Out(max);
    try {
      this.#write(v, out, 0, new Set(), false);
    } catch (e) {
      if (!(e instanceof OverBudget)) throw e;
      return out.parts.join('').slice(0, max) + TRUNCATION_MARK;
    }
    return out.parts.join('');
  }

  str(v: PyValue): string {
    if (typeof v === 'string') return v;
    return this.repr(v);
  }

  #write(v: PyValue, out: Out, depth: number, open: Set<object>, strict: boolean): void {
    if (v instanceof PyList || (v instanceof PyTuple && !v.isSize)) {
      if (open.has(v)) {
        // A list inside itself: CPython's Py_ReprEnter prints it as [...] (a tuple cannot hold itself).
        out.write(v instanceof PyList ? '[...]' : '(...)');
        return;
      }
      if (depth >= MAX_REPR_DEPTH) {
        if (strict) throw new PyError('RecursionError', 'maximum recursion depth exceeded while getting the repr of an object');
        out.write('...');
        return;
      }
      const list = v instanceof PyList;
      open.add(v);
      out.write(list ? '[' : '(');
      // Read the length each time: a repr never changes the list, but stay safe.
      for (let i = 0; i < v.items.length; i++) {
        if (i > 0) out.write(', ');
        this.#write(v.items[i], out, depth + 1, open, strict);
      }
      open.delete(v);
      out.write(list ? ']' : v.items.length === 1 ? ',)' : ')');
      return;
    }
    if (typeof v === 'string') {
      // Only a prefix can show; quoting a 10M-character string to cut it would be waste.
      out.write(pyStrRepr(v.length > out.max ? v.slice(0, out.max + 1) : v));
      return;
    }
    if (typeof v === 'bigint') {
      try {
        out.write(intToDecimal(v));
      } catch (e) {
        if (strict) throw e;
        out.write(`<int of ${v.toString(16).length * 4} bits>`);
      }
      return;
    }
    out.write(this.#scalarRepr(v));
  }

  /** repr of everything that is not a list, tuple, str or int. */
  #scalarRepr(v: Exclude<PyValue, PyList | string | bigint>): string {
    if (v === null) return 'None';
    switch (typeof v) {
      case 'boolean': return v ? 'True' : 'False';
      case 'number': return pyFloatRepr(v);
    }
    if (isTensorValue(v)) return isParameter(v) ? `Parameter containing:\n${tensorRepr(v)}` : tensorRepr(v);
    if (isNode(v)) return this.nodeRepr(v);
    if (v instanceof PyTuple) return formatSize(v.items.map((x) => Number(x)));
    if (v instanceof PyRange) {
      return v.step === 1n ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
    }
    if (v instanceof PyDtype) return formatDtype(v.dtype);
    if (v instanceof PyModule) {
      // torch.manual_seed returns the default Generator object.
      if (v.name === 'torch._C.Generator') return `<torch._C.Generator object at ${this.addresses.of(v)}>`;
      return `<module '${v.name}'>`;
    }
    if (v instanceof PyFunction) return `<function ${v.qualname} at ${this.addresses.of(v)}>`;
    if (v instanceof PyClass) return `<class '${v.qualified}'>`;
    if (v instanceof PyCallable) {
      if (v.self === undefined) return `<built-in function ${v.name.split('.').pop()}>`;
      // A method of a lab-implemented class is a Python function bound to its object.
      if (v.self instanceof PyObject) return `<bound method ${v.name} of ${this.repr(v.self)}>`;
      return `<built-in method ${v.name.split('.').pop()} of ${this.typeLabel(v.self)} object at ${this.addresses.of(v)}>`;
    }
    if (v instanceof PyGradMode) return `<torch.autograd.grad_mode.${v.kind} object at ${this.addresses.of(v)}>`;
    if (v instanceof PyObject) return v.reprText((x) => this.repr(x));
    return '<object>';
  }

  nodeRepr(n: Node): string {
    return `<${n.name} object at ${this.addresses.of(n)}>`;
  }

  /** format(v, spec), as an f-string field calls it. */
  format(v: PyValue, spec: string): string {
    this.#checkSpecSize(spec);
    if (typeof v === 'bigint') {
      const type = /[a-zA-Z%]$/.exec(spec)?.[0];
      if (type === undefined || type === 'd' || type === 'n') intToDecimal(v);
    }
    if (typeof v === 'string' || typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') {
      return formatSpec(v, spec);
    }
    if (isTensorValue(v) && v.shape.length === 0 && !isParameter(v)) {
      // Tensor.__format__: a 0-d tensor formats as its item() (only when its type is exactly Tensor).
      const x = v.data[0];
      if (v.dtype === 'bool') return formatSpec(x !== 0, spec);
      if (v.dtype === 'int64') return formatSpec(BigInt(x), spec);
      return formatSpec(x, spec);
    }
    if (spec === '') return this.str(v);
    const type = isTensorValue(v) ? (isParameter(v) ? 'Parameter' : 'Tensor') : v === null ? 'NoneType' : this.typeLabel(v);
    throw new PyError('TypeError', `unsupported format string passed to ${type}.__format__`);
  }

  /** A width or precision past the string limit (`{x:>1000000000}`) is refused before padding. */
  #checkSpecSize(spec: string): void {
    for (const digits of spec.match(/\d+/g) ?? []) {
      if (digits.length > 9 || Number(digits) > this.limits.maxStringLength) {
        throw memoryError(`Autograd Lab refuses the format spec '${spec}': its width or precision is past the limit of ${this.limits.maxStringLength} characters`);
      }
    }
  }

  private typeLabel(v: PyValue): string {
    if (isTensorValue(v)) return isParameter(v) ? 'Parameter' : 'Tensor';
    if (v instanceof PyList) return 'list';
    if (v instanceof PyTuple) return v.isSize ? 'Size' : 'tuple';
    if (v instanceof PyObject) return v.className;
    return typeof v === 'object' && v !== null ? v.constructor.name : typeof v;
  }
}
