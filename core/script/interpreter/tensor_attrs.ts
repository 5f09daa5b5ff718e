/**
 * Attributes and methods of tensors and of grad_fn nodes: `x.grad`,
 * `x.requires_grad = False`, `x.backward(...)`, `y.grad_fn.next_functions`...
 */
import type { DType, Node, Tensor } from '../../index';
import type { Operand } from '../../index';
import { AccumulateGrad, Tensor as EngineTensor, contiguous, detach, inplace, isContiguousTensor, isGradEnabled, reversedDims, zero_ } from '../../index';
import { castStorage } from '../../tensor/dtype';
import { bind, noKwargs, scalarOperand, toBool, toDtype, toInt, toTensor } from './args';
import { PyError, attributeError, notSupported, typeError } from './errors';
import { knownName } from './known_names';
import { callOp, opsTable } from './ops_table';
import type { Runtime } from './runtime';
import type { Kwargs, PyValue } from './values';
import { PyCallable, PyList, PyTuple, dtypeValue, isNumber, isTensorValue, sizeOf, typeName } from './values';

/** PyTorch's warning on reading `.grad` of a non-leaf (TensorBody.h), without the build location. */
export const NON_LEAF_GRAD_WARNING =
  "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated " +
  'during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use ' +
  '.retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf ' +
  'Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more informations.';

/** TensorShape.cpp numpy_T, a TORCH_WARN_ONCE (without the build location). */
export const T_DEPRECATION_WARNING =
  'The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an ' +
  'error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, ' +
  '-1, -1))` to reverse the dimensions of a tensor.';

/** One element as the Python number item()/tolist() gives. */
export function elementValue(t: Tensor, i: number): PyValue {
  const v = t.data[i];
  if (t.dtype === 'bool') return v !== 0;
  if (t.dtype === 'int64') return BigInt(v);
  return v;
}

export function item(t: Tensor): PyValue {
  if (t.numel !== 1) throw new PyError('ValueError', 'only one element tensors can be converted to Python scalars');
  return elementValue(t, 0);
}

export function tolist(t: Tensor): PyValue {
  if (t.shape.length === 0) return elementValue(t, 0);
  let offset = 0;
  const build = (dim: number): PyValue => {
    const items: PyValue[] = [];
    for (let i = 0; i < t.shape[dim]; i++) items.push(dim === t.shape.length - 1 ? elementValue(t, offset++) : build(dim + 1));
    return new PyList(items);
  };
  return build(0);
}

function readGrad(rt: Runtime, x: Tensor): PyValue {
  if (!x.isLeaf && !x.retainsGrad && x.grad === null) rt.warn('UserWarning', NON_LEAF_GRAD_WARNING);
  return x.grad;
}

function convert(x: Tensor, dtype: DType): Tensor {
  if (dtype === x.dtype) return x;
  if (x.requiresGrad && isGradEnabled()) {
    throw notSupported(`Tensor.to(torch.${dtype})`, 'on a tensor that requires grad (PyTorch records ToCopyBackward0 there)');
  }
  return new EngineTensor(castStorage(x.data, dtype), x.shape, dtype);
}

export function inplaceOperand(fn: string, y: PyValue): Operand {
  if (isTensorValue(y)) return y;
  if (isNumber(y)) return scalarOperand(y);
  throw typeError(`${fn}(): argument 'other' must be Tensor or Number, not ${typeName(y)}`);
}

type Method = (rt: Runtime, x: Tensor, args: PyValue[], kwargs: Kwargs) => PyValue;

function noArgs(name: string, f: (rt: Runtime, x: Tensor) => PyValue): Method {
  return (rt, x, args, kwargs) => {
    bind(name, [], args, kwargs);
    return f(rt, x);
  };
}

function inplaceMethod(op: 'add' | 'sub' | 'mul' | 'div'): Method {
  return (_rt, x, args, kwargs) => {
    const a = bind(`${op}_`, op === 'add' || op === 'sub' ? ['other', '*', 'alpha='] : ['other'], args, kwargs);
    const y = a.get('other') ?? null;
    const alpha = a.get('alpha');
    if (alpha === undefined) return inplace(op, x, inplaceOperand(`${op}_`, y));
    if (!isNumber(alpha)) throw typeError(`${op}_(): argument 'alpha' must be Number, not ${typeName(alpha)}`);
    return inplace(op, x, inplaceOperand(`${op}_`, y), scalarOperand(alpha));
  };
}

function conversion(name: string, dtype: DType): Method {
  return noArgs(name, (_rt, x) => convert(x, dtype));
}

const methods: Record<string, Method> = {
  size: (_rt, x, args, kwargs) => {
    const a = bind('size', ['dim='], args, kwargs);
    const d = a.get('dim');
    if (d === undefined || d === null) return sizeOf(x.shape);
    const rank = x.shape.length;
    const i = toInt(d, "size(): argument 'dim'");
    if (i < -Math.max(rank, 1) || i >= Math.max(rank, 1)) {
      throw new PyError('IndexError', `Dimension out of range (expected to be in range of [${-Math.max(rank, 1)}, ${Math.max(rank, 1) - 1}], but got ${i})`);
    }
    return BigInt(x.shape[i < 0 ? i + rank : i]);
  },
  dim: noArgs('dim', (_rt, x) => BigInt(x.shape.length)),
  ndimension: noArgs('ndimension', (_rt, x) => BigInt(x.shape.length)),
  numel: noArgs('numel', (_rt, x) => BigInt(x.numel)),
  nelement: noArgs('nelement', (_rt, x) => BigInt(x.numel)),
  item: noArgs('item', (_rt, x) => item(x)),
  tolist: noArgs('tolist', (_rt, x) => tolist(x)),
  backward: (rt, x, args, kwargs) => {
    const a = bind('backward', ['gradient=', 'retain_graph=', 'create_graph=', 'inputs='], args, kwargs);
    const g = a.get('gradient');
    const create = a.get('create_graph');
    if (create !== undefined && create !== null && toBool(create, 'create_graph')) {
      throw notSupported('create_graph=True', '(higher-order gradients)');
    }
    if (a.get('inputs') !== undefined && a.get('inputs') !== null) throw notSupported('Tensor.backward(inputs=...)');
    const retain = a.get('retain_graph');
    rt.backward(x, g === undefined || g === null ? null : toTensor(g, "backward(): argument 'gradient'"), retain === undefined || retain === null ? false : toBool(retain, 'retain_graph'));
    return null;
  },
  retain_grad: noArgs('retain_grad', (_rt, x) => {
    if (!x.requiresGrad) throw new PyError('RuntimeError', "can't retain_grad on Tensor that has requires_grad=False");
    if (!x.isLeaf && !x.retainsGrad && x.gradFn !== null) {
      x.retainsGrad = true;
      (x.gradFn.retainGrad ??= []).push(x);
    }
    return null;
  }),
  detach: noArgs('detach', (rt, x) => {
    const out = detach(x);
    if (x.requiresGrad) rt.markCut(out, 'detach');
    return out;
  }),
  detach_: noArgs('detach_', (rt, x) => {
    const tracked = x.requiresGrad;
    x.becomeLeaf(false);
    if (tracked) rt.markCut(x, 'detach');
    return x;
  }),
  requires_grad_: (_rt, x, args, kwargs) => {
    const a = bind('requires_grad_', ['requires_grad='], args, kwargs);
    const flag = a.get('requires_grad');
    x.setRequiresGrad(flag === undefined ? true : toBool(flag, "requires_grad_(): argument 'requires_grad'"), true);
    return x;
  },
  zero_: noArgs('zero_', (_rt, x) => zero_(x)),
  add_: inplaceMethod('add'),
  sub_: inplaceMethod('sub'),
  mul_: inplaceMethod('mul'),
  div_: inplaceMethod('div'),
  float: conversion('float', 'float32'),
  double: conversion('double', 'float64'),
  long: conversion('long', 'int64'),
  bool: conversion('bool', 'bool'),
  to: (_rt, x, args, kwargs) => {
    const a = bind('to', ['dtype'], args, kwargs);
    const target = a.get('dtype');
    if (typeof target === 'string') {
      // A device: the lab has only the CPU.
      if (target === 'cpu') return x;
      throw notSupported(`Tensor.to("${target}")`, '(Autograd Lab computes on the CPU only)');
    }
    return convert(x, toDtype(a.get('dtype')) ?? x.dtype);
  },
  type: (_rt, x, args, kwargs) => {
    bind('type', [], args, kwargs);
    const names: Record<DType, string> = { float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int64: 'torch.LongTensor', bool: 'torch.BoolTensor' };
    return names[x.dtype];
  },
  cpu: noArgs('cpu', (_rt, x) => x),
  is_floating_point: noArgs('is_floating_point', (_rt, x) => x.dtype === 'float32' || x.dtype === 'float64'),
  // PyTorch's strides, kept by the engine as metadata (core/tensor/strides.ts).
  is_contiguous: noArgs('is_contiguous', (_rt, x) => isContiguousTensor(x)),
  contiguous: noArgs('contiguous', (_rt, x) => contiguous(x)),
  stride: (_rt, x, args, kwargs) => {
    const a = bind('stride', ['dim='], args, kwargs);
    const d = a.get('dim');
    if (d === undefined || d === null) return new PyTuple(x.strides.map((v) => BigInt(v)));
    const rank = x.shape.length;
    const i = toInt(d, "stride(): argument 'dim'");
    if (i < -Math.max(rank, 1) || i >= Math.max(rank, 1)) {
      throw new PyError('IndexError', `Dimension out of range (expected to be in range of [${-Math.max(rank, 1)}, ${Math.max(rank, 1) - 1}], but got ${i})`);
    }
    return rank === 0 ? 1n : BigInt(x.strides[i < 0 ? i + rank : i]);
  },
};

export function tensorAttribute(rt: Runtime, x: Tensor, name: string): PyValue {
  switch (name) {
    case 'shape': return sizeOf(x.shape);
    case 'dtype': return dtypeValue(x.dtype);
    case 'T':
      if (x.shape.length !== 2 && x.shape.length !== 0) rt.warnOnce('UserWarning', T_DEPRECATION_WARNING);
      return reversedDims(x);
    case 'data': return new EngineTensor(x.data, x.shape, x.dtype, undefined, x.strides);
    case 'grad': return readGrad(rt, x);
    case 'grad_fn': return x.gradFn;
    case 'requires_grad': return x.requiresGrad;
    case 'is_leaf': return x.isLeaf;
    case 'ndim': return BigInt(x.shape.length);
    case 'retains_grad': return x.retainsGrad;
  }
  const m = methods[name];
  if (m !== undefined) return new PyCallable(`Tensor.${name}`, (args, kwargs) => m(rt, x, args, kwargs), x);
  const spec = opsTable[name];
  if (spec !== undefined) return new PyCallable(`Tensor.${name}`, (args, kwargs) => callOp(name, spec, x, args, kwargs, rt), x);
  // A real PyTorch attribute the lab lacks is "not supported"; any other name fails as in PyTorch.
  const known = knownName('Tensor', name);
  if (known !== null) throw notSupported(known);
  throw attributeError(`'Tensor' object has no attribute '${name}'`);
}

export function setTensorAttribute(x: Tensor, name: string, value: PyValue): void {
  switch (name) {
    case 'requires_grad':
      if (typeof value !== 'boolean') throw new PyError('RuntimeError', 'requires_grad must be a bool');
      x.setRequiresGrad(value);
      return;
    case 'grad':
      if (value === null) {
        x.grad = null;
        return;
      }
      if (!isTensorValue(value)) throw typeError(`assigned grad expected to be a Tensor or None but got grad of type ${typeName(value)}`);
      if (value.dtype !== x.dtype) throw new PyError('RuntimeError', 'assigned grad has data of a different type');
      if (value.shape.length !== x.shape.length || value.shape.some((s, i) => s !== x.shape[i])) {
        throw new PyError('RuntimeError', 'assigned grad has data of a different size');
      }
      x.grad = value;
      return;
    case 'data':
      // `w.data -= lr * w.grad` (old tutorials): set_data swaps the storage, untracked by autograd.
      if (!isTensorValue(value)) throw typeError(`Variable data has to be a tensor, but got ${typeName(value)}`);
      if (value.dtype !== x.dtype || value.shape.length !== x.shape.length || value.shape.some((s, i) => s !== x.shape[i])) {
        throw notSupported('Tensor.data = ...', 'with another shape or dtype');
      }
      if (value.data !== x.data) x.data = value.data;
      return;
  }
  if (name in methods || name in opsTable || ['shape', 'dtype', 'T', 'grad_fn', 'is_leaf', 'ndim'].includes(name)) {
    throw attributeError(`attribute '${name}' of 'torch._C._TensorBase' objects is not writable`);
  }
  // PyTorch lets a script hang any attribute on a tensor; the lab keeps tensors to their own.
  throw notSupported(`Tensor.${name} = ...`);
}

/** grad_fn.name(), .next_functions, AccumulateGrad.variable. */
export function nodeAttribute(node: Node, name: string): PyValue {
  switch (name) {
    case 'next_functions':
      return new PyTuple(node.nextEdges.map((e) => new PyTuple([e.node, BigInt(e.inputNr)])));
    case 'name':
      return new PyCallable(`${node.name}.name`, (args, kwargs) => {
        noKwargs('name', kwargs);
        if (args.length > 0) throw typeError(`name() takes no arguments (${args.length} given)`);
        return node instanceof AccumulateGrad ? 'torch::autograd::AccumulateGrad' : node.name;
      }, node);
    case 'variable':
      if (node instanceof AccumulateGrad) return node.variable;
      break;
  }
  throw attributeError(`'${node.name}' object has no attribute '${name}'`);
}

