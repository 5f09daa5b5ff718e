/** The `torch` module a script imports: factories, ops, grad mode, autograd, nn.functional, dtypes. */
import type { DType, NestedData, Tensor } from '../../index';
import {
  Scalar, arange, cat, eye, full, grad, isGradEnabled, linspace, normal, ones, onesLike, rand, randLike, randn, randnLike, stack,
  setGradEnabled, tensor, zeros, zerosLike,
} from '../../index';
import { defaultGenerator } from '../../random/index';
import { bind, int64, shapeArgs, toBool, toDtype, toInt, toNumber, toTensor } from './args';
import { PyError, notSupported, typeError } from './errors';
import { callOp, functionalTable, opsTable } from './ops_table';
import { nnModule } from './nn_namespace';
import { binary } from './operators';
import { optimModule } from './optim_namespace';
import type { Runtime } from './runtime';
import type { Kwargs, PyValue } from './values';
import { PyCallable, PyGradMode, PyList, PyModule, PyTuple, dtypeValue, isTensorValue, typeName } from './values';

/** What torch.manual_seed returns; prints like PyTorch's Generator object. */
export const GENERATOR_MODULE_NAME = 'torch._C.Generator';

const COPY_CONSTRUCT_WARNING =
  'To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or ' +
  'sourceTensor.clone().detach().requires_grad_(True), rather than torch.tensor(sourceTensor).';

/** Python data (numbers, bools, nested lists/tuples, 1-element tensors) as the engine's NestedData. */
function nestedData(v: PyValue, depth: number): NestedData {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return new Scalar(int64(v), 'int');
  if (typeof v === 'number') return new Scalar(v, 'float');
  if (isTensorValue(v)) return v;
  if (v instanceof PyList || v instanceof PyTuple) {
    if (depth > 64) throw new PyError('ValueError', 'too many dimensions');
    return v.items.map((x) => nestedData(x, depth + 1));
  }
  throw typeError(`Could not infer dtype of ${typeName(v)}`);
}

/**
 * Elements torch.tensor(data) would hold, counted only up to just past
 * `limit`: `[[0] * 10**6] * 10**3` shares one row a thousand times, so its
 * size is checked before a billion numbers are converted.
 */
function dataElements(v: PyValue, limit: number): number {
  let count = 0;
  // Lists of empty lists hold no elements but still take a walk: count the lists too.
  let lists = 0;
  const walk = (x: PyValue, depth: number): void => {
    if (count > limit) return;
    if ((x instanceof PyList || x instanceof PyTuple) && depth <= 64) {
      if (++lists > limit) count = lists;
      for (const item of x.items) {
        walk(item, depth + 1);
        if (count > limit) return;
      }
    } else {
      count += isTensorValue(x) ? x.numel : 1;
    }
  };
  walk(v, 0);
  return count;
}

function creationOptions(a: Map<string, PyValue | undefined>): { dtype?: DType; requiresGrad?: boolean } {
  const dtype = toDtype(a.get('dtype'));
  const rg = a.get('requires_grad');
  return { dtype, requiresGrad: rg === undefined ? false : toBool(rg, "argument 'requires_grad'") };
}

/** Splits `zeros(2, 3, dtype=...)` into the shape and the keyword options. */
function sizedFactory(
  rt: Runtime, name: string, make: (shape: number[], o: { dtype?: DType; requiresGrad?: boolean }) => Tensor,
): PyCallable {
  return new PyCallable(`torch.${name}`, (args, kwargs) => {
    // `torch.randn(size=(2, 3))` (as d2l writes it): the shape may come as the keyword `size`.
    const bySize = args.length === 0 && kwargs.has('size');
    const options = new Map([...kwargs].filter(([k]) => !(bySize && k === 'size')));
    const a = bind(name, ['*', 'dtype=', 'requires_grad=', 'device=', 'generator='], [], options);
    const shape = shapeArgs(name, bySize ? [kwargs.get('size') as PyValue] : args);
    rt.checkElements(shape.reduce((p, s) => p * Math.max(s, 0), 1));
    return make(shape, creationOptions(a));
  });
}

function likeFactory(rt: Runtime, name: string, make: (t: Tensor, o: { dtype?: DType; requiresGrad?: boolean }) => Tensor): PyCallable {
  return new PyCallable(`torch.${name}`, (args, kwargs) => {
    const a = bind(name, ['input', '*', 'dtype=', 'requires_grad=', 'device='], args, kwargs);
    const x = toTensor(a.get('input'), `${name}(): argument 'input' (position 1)`);
    rt.checkElements(x.numel);
    return make(x, creationOptions(a));
  });
}

function scalarArg(v: PyValue | undefined, what: string): Scalar {
  if (typeof v === 'bigint') return new Scalar(Number(v), 'int');
  if (typeof v === 'number') return new Scalar(v, 'float');
  if (typeof v === 'boolean') return new Scalar(v ? 1 : 0, 'bool');
  if (isTensorValue(v) && v.numel === 1) return new Scalar(v.data[0], v.dtype === 'int64' ? 'int' : v.dtype === 'bool' ? 'bool' : 'float');
  throw typeError(`${what} must be Number, not ${typeName(v ?? null)}`);
}

function gradModeFunctions(): [string, PyValue][] {
  return [
    ['no_grad', new PyCallable('torch.no_grad', (args, kwargs) => {
      bind('no_grad', [], args, kwargs);
      return new PyGradMode('no_grad', false, null);
    })],
    ['enable_grad', new PyCallable('torch.enable_grad', (args, kwargs) => {
      bind('enable_grad', [], args, kwargs);
      return new PyGradMode('enable_grad', true, null);
    })],
    ['set_grad_enabled', new PyCallable('torch.set_grad_enabled', (args, kwargs) => {
      const a = bind('set_grad_enabled', ['mode'], args, kwargs);
      const mode = toBool(a.get('mode'), "set_grad_enabled(): argument 'mode'");
      // Like PyTorch, the switch happens at construction; `with` restores the previous mode on exit.
      const previous = isGradEnabled();
      setGradEnabled(mode);
      return new PyGradMode('set_grad_enabled', mode, previous);
    })],
    ['is_grad_enabled', new PyCallable('torch.is_grad_enabled', (args, kwargs) => {
      bind('is_grad_enabled', [], args, kwargs);
      return isGradEnabled();
    })],
  ];
}

/** A tensor or a sequence of tensors, as autograd.grad takes outputs and inputs. */
function tensorList(v: PyValue | undefined, what: string): Tensor[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map((x) => toTensor(x, what));
  return [toTensor(v, what)];
}

function autogradModule(rt: Runtime): PyModule {
  const gradFn = new PyCallable('torch.autograd.grad', (args, kwargs) => {
    const a = bind('grad', ['outputs', 'inputs', 'grad_outputs=', 'retain_graph=', 'create_graph=', 'only_inputs=', 'allow_unused='], args, kwargs);
    const create = a.get('create_graph');
    if (create !== undefined && create !== null && toBool(create, 'create_graph')) {
      throw notSupported('create_graph=True', '(higher-order gradients)');
    }
    const outputs = tensorList(a.get('outputs'), 'grad(): outputs');
    const inputs = tensorList(a.get('inputs'), 'grad(): inputs');
    const go = a.get('grad_outputs');
    let gradOutputs: (Tensor | null)[] | undefined;
    if (go !== undefined && go !== null) {
      const items = go instanceof PyList || go instanceof PyTuple ? go.items : [go];
      gradOutputs = items.map((g) => (g === null ? null : toTensor(g, 'grad(): grad_outputs')));
    }
    const retain = a.get('retain_graph');
    const allow = a.get('allow_unused');
    const grads = grad(outputs, inputs, {
      gradOutputs,
      retainGraph: retain === undefined || retain === null ? false : toBool(retain, 'retain_graph'),
      allowUnused: allow === undefined || allow === null ? false : toBool(allow, 'allow_unused'),
    });
    return new PyTuple(grads);
  });
  const backwardFn = new PyCallable('torch.autograd.backward', (args, kwargs) => {
    const a = bind('backward', ['tensors', 'grad_tensors=', 'retain_graph='], args, kwargs);
    const roots = tensorList(a.get('tensors'), 'backward(): tensors');
    const gt = a.get('grad_tensors');
    const grads = gt === undefined || gt === null ? roots.map(() => null) : tensorList(gt, 'backward(): grad_tensors');
    const retain = a.get('retain_graph');
    roots.forEach((r, i) => rt.backward(r, grads[i] ?? null, retain === undefined || retain === null ? false : toBool(retain, 'retain_graph')));
    return null;
  });
  return new PyModule('torch.autograd', new Map<string, PyValue>([['grad', gradFn], ['backward', backwardFn]]));
}

function opFunctions(rt: Runtime, table: typeof opsTable, prefix: string): [string, PyValue][] {
  return Object.entries(table).map(([name, spec]) => [
    name,
    new PyCallable(`${prefix}.${name}`, (args: PyValue[], kwargs: Kwargs) => callOp(name, spec, undefined, args, kwargs, rt)),
  ]);
}

export function functionalModule(rt: Runtime): PyModule {
  return new PyModule('torch.nn.functional', new Map(opFunctions(rt, functionalTable, 'torch.nn.functional')));
}

export interface SeedListener {
  (seed: bigint): void;
}

export function torchModule(rt: Runtime, onSeed: SeedListener): PyModule {
  const attrs = new Map<string, PyValue>(opFunctions(rt, opsTable, 'torch'));
  const fn = (name: string, f: (args: PyValue[], kwargs: Kwargs) => PyValue): void => {
    attrs.set(name, new PyCallable(`torch.${name}`, f));
  };

  // torch.pow(2, x): a Python number base is the pow(Scalar self, Tensor exponent) overload.
  const tensorPow = attrs.get('pow') as PyCallable;
  fn('pow', (args, kwargs) => {
    const base = args[0] ?? kwargs.get('self');
    if (base !== undefined && !isTensorValue(base)) {
      const a = bind('pow', ['self', 'exponent'], args, kwargs);
      return binary('**', a.get('self') ?? null, toTensor(a.get('exponent'), "pow(): argument 'exponent'"));
    }
    return tensorPow.fn(args, kwargs);
  });
  fn('tensor', (args, kwargs) => {
    const a = bind('tensor', ['data', '*', 'dtype=', 'requires_grad=', 'device='], args, kwargs);
    const data = a.get('data') ?? null;
    const o = creationOptions(a);
    if (isTensorValue(data)) {
      rt.warn('UserWarning', COPY_CONSTRUCT_WARNING);
      const copy = zeros(data.shape, { dtype: o.dtype ?? data.dtype });
      for (let i = 0; i < data.numel; i++) copy.data[i] = data.data[i];
      if (o.requiresGrad) copy.setRequiresGrad(true);
      return copy;
    }
    rt.checkElements(dataElements(data, rt.limits.maxTensorElements));
    const nested = nestedData(data, 0);
    const t = tensor(nested, o);
    rt.checkElements(t.numel);
    return t;
  });
  attrs.set('zeros', sizedFactory(rt, 'zeros', zeros));
  attrs.set('ones', sizedFactory(rt, 'ones', ones));
  attrs.set('rand', sizedFactory(rt, 'rand', rand));
  attrs.set('randn', sizedFactory(rt, 'randn', randn));
  attrs.set('zeros_like', likeFactory(rt, 'zeros_like', zerosLike));
  attrs.set('ones_like', likeFactory(rt, 'ones_like', onesLike));
  attrs.set('rand_like', likeFactory(rt, 'rand_like', randLike));
  attrs.set('randn_like', likeFactory(rt, 'randn_like', randnLike));
  // torch.cat / torch.concat / torch.stack: a list or tuple of tensors, joined along dim.
  const joiner = (name: string, join: (ts: Tensor[], dim: number) => Tensor) => (args: PyValue[], kwargs: Kwargs): PyValue => {
    const a = bind(name, ['tensors', 'dim='], args, kwargs);
    const seq = a.get('tensors');
    if (!(seq instanceof PyList || seq instanceof PyTuple)) {
      throw typeError(`${name}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${typeName(seq ?? null)}`);
    }
    const ts = seq.items.map((v, i) => {
      if (!isTensorValue(v)) throw typeError(`expected Tensor as element ${i} in argument 0, but got ${typeName(v)}`);
      return v;
    });
    const dim = a.get('dim');
    return join(ts, dim === undefined ? 0 : toInt(dim, `${name}(): argument 'dim'`));
  };
  fn('cat', joiner('cat', cat));
  fn('concat', joiner('concat', cat));
  fn('stack', joiner('stack', stack));
  // Only the (float mean, float std, size) form; tensor means and stds are another kernel.
  fn('normal', (args, kwargs) => {
    const a = bind('normal', ['mean', 'std', 'size', '*', 'generator=', 'dtype=', 'requires_grad=', 'device='], args, kwargs);
    const mean = a.get('mean');
    const std = a.get('std') ?? 1;
    if (isTensorValue(mean) || isTensorValue(std)) throw notSupported('torch.normal()', 'with tensor mean or std');
    const size = a.get('size');
    if (size === undefined) throw notSupported('torch.normal(mean, std)', 'without a size');
    const shape = shapeArgs('normal', [size]);
    rt.checkElements(shape.reduce((p, s) => p * Math.max(s, 0), 1));
    return normal(toNumber(mean ?? 0, "normal(): argument 'mean'"), toNumber(std, "normal(): argument 'std'"), shape, creationOptions(a));
  });
  fn('full', (args, kwargs) => {
    const a = bind('full', ['size', 'fill_value', '*', 'dtype=', 'requires_grad=', 'device='], args, kwargs);
    const shape = shapeArgs('full', [a.get('size') ?? null]);
    rt.checkElements(shape.reduce((p, s) => p * Math.max(s, 0), 1));
    return full(shape, scalarArg(a.get('fill_value'), "full(): argument 'fill_value'"), creationOptions(a));
  });
  fn('arange', (args, kwargs) => {
    const a = bind('arange', ['start', 'end=', 'step=', '*', 'dtype=', 'requires_grad=', 'device='], args, kwargs);
    let start = scalarArg(a.get('start'), "arange(): argument 'start'");
    let end: Scalar;
    if (a.get('end') === undefined || a.get('end') === null) {
      end = start;
      start = new Scalar(0, 'int');
    } else {
      end = scalarArg(a.get('end'), "arange(): argument 'end'");
    }
    const step = a.get('step') === undefined ? new Scalar(1, 'int') : scalarArg(a.get('step'), "arange(): argument 'step'");
    if (step.value !== 0) rt.checkElements(Math.ceil((end.value - start.value) / step.value));
    return arange(start, end, step, creationOptions(a));
  });
  fn('linspace', (args, kwargs) => {
    const a = bind('linspace', ['start', 'end', 'steps', '*', 'dtype=', 'requires_grad=', 'device='], args, kwargs);
    const steps = toInt(a.get('steps'), "linspace(): argument 'steps'");
    rt.checkElements(steps);
    return linspace(toNumber(a.get('start'), "linspace(): argument 'start'"), toNumber(a.get('end'), "linspace(): argument 'end'"), steps, creationOptions(a));
  });
  fn('eye', (args, kwargs) => {
    const a = bind('eye', ['n', 'm=', '*', 'dtype=', 'requires_grad=', 'device='], args, kwargs);
    const n = toInt(a.get('n'), "eye(): argument 'n'");
    const m = a.get('m') === undefined || a.get('m') === null ? n : toInt(a.get('m'), "eye(): argument 'm'");
    if (n < 0) throw new PyError('RuntimeError', `n must be greater or equal to 0, got ${n}`);
    if (m < 0) throw new PyError('RuntimeError', `m must be greater or equal to 0, got ${m}`);
    rt.checkElements(n * m);
    return eye(n, m, creationOptions(a));
  });
  fn('manual_seed', (args, kwargs) => {
    const a = bind('manual_seed', ['seed'], args, kwargs);
    const s = a.get('seed');
    if (typeof s !== 'bigint') throw typeError(`manual_seed expected an int, got ${typeName(s ?? null)}`);
    defaultGenerator().manualSeed(s);
    onSeed(s);
    return new PyModule(GENERATOR_MODULE_NAME, new Map());
  });
  fn('initial_seed', (args, kwargs) => {
    bind('initial_seed', [], args, kwargs);
    return defaultGenerator().initialSeed();
  });
  fn('is_tensor', (args, kwargs) => {
    const a = bind('is_tensor', ['obj'], args, kwargs);
    return isTensorValue(a.get('obj') ?? null);
  });
  fn('numel', (args, kwargs) => {
    const a = bind('numel', ['input'], args, kwargs);
    return BigInt(toTensor(a.get('input'), "numel(): argument 'input'").numel);
  });
  fn('Size', (args, kwargs) => {
    const a = bind('Size', ['sizes='], args, kwargs);
    const s = a.get('sizes');
    return new PyTuple(s === undefined ? [] : shapeArgs('Size', [s]).map((x) => BigInt(x)), true);
  });
  for (const [name, v] of gradModeFunctions()) attrs.set(name, v);
  for (const [name, d] of [
    ['float32', 'float32'], ['float', 'float32'], ['float64', 'float64'], ['double', 'float64'],
    ['int64', 'int64'], ['long', 'int64'], ['bool', 'bool'],
  ] as const) {
    attrs.set(name, dtypeValue(d));
  }
  attrs.set('autograd', autogradModule(rt));
  attrs.set('nn', nnModule(rt, functionalModule(rt)));
  attrs.set('optim', optimModule(rt));
  attrs.set('pi', Math.PI);
  attrs.set('e', Math.E);
  attrs.set('inf', Infinity);
  attrs.set('nan', NaN);
  return new PyModule('torch', attrs);
}
