/** str(), repr() and format() of Python values, as CPython and PyTorch print them. */
import type { Node } from '../../index';
import { tensorRepr } from '../../index';
import { formatDtype, formatSize, formatSpec, pyFloatRepr, pySequenceRepr, pyStrRepr } from '../../print/index';
import { PyError } from './errors';
import type { PyValue } from './values';
import { PyCallable, PyDtype, PyGradMode, PyList, PyModule, PyRange, PyTuple, isNode, isTensorValue } from './values';

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

export class Printer {
  constructor(readonly addresses: AddressBook = new AddressBook()) {}

  repr(v: PyValue): string {
    if (v === null) return 'None';
    switch (typeof v) {
      case 'boolean': return v ? 'True' : 'False';
      case 'bigint': return v.toString();
      case 'number': return pyFloatRepr(v);
      case 'string': return pyStrRepr(v);
    }
    if (isTensorValue(v)) return tensorRepr(v);
    if (isNode(v)) return this.nodeRepr(v);
    if (v instanceof PyList) return pySequenceRepr(v.items.map((x) => this.repr(x)), 'list');
    if (v instanceof PyTuple) {
      if (v.isSize) return formatSize(v.items.map((x) => Number(x)));
      return pySequenceRepr(v.items.map((x) => this.repr(x)), 'tuple');
    }
    if (v instanceof PyRange) {
      return v.step === 1n ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
    }
    if (v instanceof PyDtype) return formatDtype(v.dtype);
    if (v instanceof PyModule) {
      // torch.manual_seed returns the default Generator object.
      if (v.name === 'torch._C.Generator') return `<torch._C.Generator object at ${this.addresses.of(v)}>`;
      return `<module '${v.name}'>`;
    }
    if (v instanceof PyCallable) {
      if (v.self === undefined) return `<built-in function ${v.name.split('.').pop()}>`;
      return `<built-in method ${v.name.split('.').pop()} of ${this.typeLabel(v.self)} object at ${this.addresses.of(v)}>`;
    }
    if (v instanceof PyGradMode) return `<torch.autograd.grad_mode.${v.kind} object at ${this.addresses.of(v)}>`;
    return '<object>';
  }

  str(v: PyValue): string {
    if (typeof v === 'string') return v;
    return this.repr(v);
  }

  nodeRepr(n: Node): string {
    return `<${n.name} object at ${this.addresses.of(n)}>`;
  }

  /** format(v, spec), as an f-string field calls it. */
  format(v: PyValue, spec: string): string {
    if (typeof v === 'string' || typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') {
      return formatSpec(v, spec);
    }
    if (isTensorValue(v) && v.shape.length === 0) {
      // Tensor.__format__: a 0-d tensor formats as its item().
      const x = v.data[0];
      if (v.dtype === 'bool') return formatSpec(x !== 0, spec);
      if (v.dtype === 'int64') return formatSpec(BigInt(x), spec);
      return formatSpec(x, spec);
    }
    if (spec === '') return this.str(v);
    const type = isTensorValue(v) ? 'Tensor' : v === null ? 'NoneType' : this.typeLabel(v);
    throw new PyError('TypeError', `unsupported format string passed to ${type}.__format__`);
  }

  private typeLabel(v: PyValue): string {
    if (isTensorValue(v)) return 'Tensor';
    if (v instanceof PyList) return 'list';
    if (v instanceof PyTuple) return v.isSize ? 'Size' : 'tuple';
    return typeof v === 'object' && v !== null ? v.constructor.name : typeof v;
  }
}
