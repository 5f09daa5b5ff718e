/**
 * torch.optim.SGD and torch.optim.Adam for scripts: the argument checks of
 * PyTorch's constructors (same order, same messages), the optimizer objects
 * with step(closure=None) and zero_grad(set_to_none=True), and their print.
 * The updates themselves are core/optim's, op for op as PyTorch's
 * single-tensor CPU path.
 *
 * PyTorch 2.x rather than 1.13: zero_grad() sets grads to None by default,
 * SGD's lr defaults to 1e-3, Adam's first moment uses lerp_, and the printed
 * parameter group has 2.x's keys (SGD adds `fused: None`; Adam prints
 * `fused: None` where 1.13 says False, and adds `decoupled_weight_decay`).
 */
import type { Tensor } from '../../index';
import { withGradMode } from '../../index';
import { Adam } from '../../optim/adam';
import type { Optimizer } from '../../optim/optimizer';
import { SGD } from '../../optim/sgd';
import { legacyTypeName } from '../../tensor/dtype';
import { bindMethod } from './method_args';
import { collect } from './builtins';
import { PyError, notSupported, typeError, valueError } from './errors';
import { truthy } from './operators';
import type { Runtime } from './runtime';
import type { PyValue } from './values';
import { PyCallable, PyClass, PyList, PyModule, PyObject, PyTuple, isTensorValue, typeName } from './values';

const DUPLICATE_WARNING =
  'optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; ' +
  'see github.com/pytorch/pytorch/issues/40967 for more information';

/** One hyperparameter as given (printed as Python prints it) and as a number (computed with). */
interface Hyper {
  readonly shown: PyValue;
  readonly value: number;
}

/**
 * A number where PyTorch compares it, with Python's TypeError for anything
 * else: SGD writes `lr < 0.0` (`'<'`, the value on the left), Adam
 * `not 0.0 <= lr` (`'<='`, the value on the right).
 */
function hyper(v: PyValue, op: '<' | '<='): Hyper {
  if (typeof v === 'number') return { shown: v, value: v };
  if (typeof v === 'bigint') return { shown: v, value: Number(v) };
  if (typeof v === 'boolean') return { shown: v, value: v ? 1 : 0 };
  if (isTensorValue(v)) throw notSupported('a tensor hyperparameter in torch.optim', '(pass a Python number)');
  const pair = op === '<' ? `'${typeName(v)}' and 'float'` : `'float' and '${typeName(v)}'`;
  throw typeError(`'${op}' not supported between instances of ${pair}`);
}

/** A hyperparameter PyTorch only tests with `!=` or uses in arithmetic: numbers only here. */
function plainNumber(v: PyValue, what: string): Hyper {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return hyper(v, '<');
  throw notSupported(`torch.optim.SGD(${what}=${typeName(v)})`, '(pass a Python number)');
}

function given(a: Map<string, PyValue | undefined>, name: string, dflt: PyValue): PyValue {
  const v = a.get(name);
  return v === undefined ? dflt : v;
}

/** Options the lab does not implement, accepted only at their defaults. */
function refuseOptions(cls: string, a: Map<string, PyValue | undefined>, names: readonly string[]): void {
  for (const n of names) {
    const v = a.get(n);
    if (v !== undefined && v !== null && v !== false) throw notSupported(`torch.optim.${cls}(${n}=...)`);
  }
}

/**
 * Optimizer.__init__ and add_param_group: the tensors in `params`, with
 * PyTorch's errors. Dicts (parameter groups) do not exist in the lab's Python.
 */
function paramList(rt: Runtime, params: PyValue): Tensor[] {
  if (isTensorValue(params)) {
    throw typeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${legacyTypeName(params.dtype)}`);
  }
  const items = collect(params, 'list', rt);
  if (items.length === 0) throw valueError('optimizer got an empty parameter list');
  const tensors: Tensor[] = [];
  for (const p of items) {
    if (!isTensorValue(p)) throw typeError(`optimizer can only optimize Tensors, but one of the params is ${typeName(p)}`);
    if (!(p.isLeaf || p.retainsGrad)) throw valueError("can't optimize a non-leaf Tensor");
    tensors.push(p);
  }
  if (new Set(tensors).size !== tensors.length) rt.warn('UserWarning', DUPLICATE_WARNING);
  return tensors;
}

/** `SGD (\nParameter Group 0\n    key: value\n...)`: Optimizer.__repr__, keys sorted. */
function optimizerRepr(cls: string, group: ReadonlyMap<string, PyValue>, repr: (v: PyValue) => string): string {
  const lines = [...group.keys()].sort().map((k) => {
    const v = group.get(k) as PyValue;
    return `    ${k}: ${typeof v === 'string' ? v : repr(v)}\n`;
  });
  return `${cls} (\nParameter Group 0\n${lines.join('')})`;
}

function optimizerObject(
  cls: string, optimizer: Optimizer, group: ReadonlyMap<string, PyValue>, stepError: string | null = null,
): PyObject {
  const attrs = new Map<string, PyValue>();
  const obj = new PyObject(cls, attrs, (repr) => optimizerRepr(cls, group, repr), null, () => optimizer.stateTensors());
  attrs.set('step', new PyCallable(`${cls}.step`, (args, kwargs) => {
    const a = bindMethod(`${cls}.step`, ['closure='], args, kwargs);
    const closure = given(a, 'closure', null);
    let loss: PyValue = null;
    if (closure !== null) {
      if (!(closure instanceof PyCallable)) throw typeError(`'${typeName(closure)}' object is not callable`);
      // step() runs under no_grad; the closure re-evaluates the loss with grad enabled.
      loss = withGradMode(true, () => closure.fn([], new Map()));
    }
    if (stepError !== null) throw valueError(stepError);
    optimizer.step();
    return loss;
  }, obj));
  attrs.set('zero_grad', new PyCallable('Optimizer.zero_grad', (args, kwargs) => {
    const a = bindMethod('Optimizer.zero_grad', ['set_to_none='], args, kwargs);
    // PyTorch 2.x: set_to_none=True by default (1.13: False).
    optimizer.zeroGrad(truthy(given(a, 'set_to_none', true)));
    return null;
  }, obj));
  return obj;
}

function sgdClass(rt: Runtime): PyClass {
  return new PyClass('torch.optim.SGD', 'torch.optim.sgd.SGD', (args, kwargs) => {
    const a = bindMethod('SGD.__init__', [
      'params', 'lr=', 'momentum=', 'dampening=', 'weight_decay=', 'nesterov=',
      '*', 'maximize=', 'foreach=', 'differentiable=', 'fused=',
    ], args, kwargs);
    const lr = hyper(given(a, 'lr', 1e-3), '<');
    if (lr.value < 0) throw valueError(`Invalid learning rate: ${rt.printer.str(lr.shown)}`);
    const momentum = hyper(given(a, 'momentum', 0n), '<');
    if (momentum.value < 0) throw valueError(`Invalid momentum value: ${rt.printer.str(momentum.shown)}`);
    const weightDecay = hyper(given(a, 'weight_decay', 0n), '<');
    if (weightDecay.value < 0) throw valueError(`Invalid weight_decay value: ${rt.printer.str(weightDecay.shown)}`);
    const dampening = plainNumber(given(a, 'dampening', 0n), 'dampening');
    const nesterov = given(a, 'nesterov', false);
    const maximize = given(a, 'maximize', false);
    if (truthy(nesterov) && (momentum.value <= 0 || dampening.value !== 0)) {
      throw valueError('Nesterov momentum requires a momentum and zero dampening');
    }
    refuseOptions('SGD', a, ['foreach', 'differentiable', 'fused']);
    const params = paramList(rt, given(a, 'params', null));
    const optimizer = new SGD(params, {
      lr: lr.value, momentum: momentum.value, dampening: dampening.value, weightDecay: weightDecay.value,
      nesterov: truthy(nesterov), maximize: truthy(maximize),
    });
    const group = new Map<string, PyValue>([
      ['lr', lr.shown], ['momentum', momentum.shown], ['dampening', dampening.shown], ['weight_decay', weightDecay.shown],
      ['nesterov', nesterov], ['maximize', maximize], ['foreach', given(a, 'foreach', null)],
      ['differentiable', given(a, 'differentiable', false)], ['fused', given(a, 'fused', null)],
    ]);
    return optimizerObject('SGD', optimizer, group);
  });
}

/** betas[i], indexed as Python indexes it. */
function betaAt(betas: PyValue, i: number): PyValue {
  if (!(betas instanceof PyTuple || betas instanceof PyList)) {
    if (isTensorValue(betas)) throw notSupported('torch.optim.Adam(betas=<tensor>)');
    throw typeError(`'${typeName(betas)}' object is not subscriptable`);
  }
  if (i >= betas.items.length) throw new PyError('IndexError', `${betas instanceof PyList ? 'list' : 'tuple'} index out of range`);
  return betas.items[i];
}

function adamClass(rt: Runtime): PyClass {
  return new PyClass('torch.optim.Adam', 'torch.optim.adam.Adam', (args, kwargs) => {
    const a = bindMethod('Adam.__init__', [
      'params', 'lr=', 'betas=', 'eps=', 'weight_decay=', 'amsgrad=',
      '*', 'foreach=', 'maximize=', 'capturable=', 'differentiable=', 'fused=', 'decoupled_weight_decay=',
    ], args, kwargs);
    const inRange = (h: Hyper, upper: boolean): boolean => h.value >= 0 && (!upper || h.value < 1);
    const lr = hyper(given(a, 'lr', 1e-3), '<=');
    if (!inRange(lr, false)) throw valueError(`Invalid learning rate: ${rt.printer.str(lr.shown)}`);
    const eps = hyper(given(a, 'eps', 1e-8), '<=');
    if (!inRange(eps, false)) throw valueError(`Invalid epsilon value: ${rt.printer.str(eps.shown)}`);
    const betas = given(a, 'betas', new PyTuple([0.9, 0.999]));
    const beta1 = hyper(betaAt(betas, 0), '<=');
    if (!inRange(beta1, true)) throw valueError(`Invalid beta parameter at index 0: ${rt.printer.str(beta1.shown)}`);
    const beta2 = hyper(betaAt(betas, 1), '<=');
    if (!inRange(beta2, true)) throw valueError(`Invalid beta parameter at index 1: ${rt.printer.str(beta2.shown)}`);
    const weightDecay = hyper(given(a, 'weight_decay', 0n), '<=');
    if (!inRange(weightDecay, false)) throw valueError(`Invalid weight_decay value: ${rt.printer.str(weightDecay.shown)}`);
    refuseOptions('Adam', a, ['foreach', 'capturable', 'differentiable', 'fused', 'decoupled_weight_decay']);
    const params = paramList(rt, given(a, 'params', null));
    const amsgrad = given(a, 'amsgrad', false);
    const maximize = given(a, 'maximize', false);
    const optimizer = new Adam(params, {
      lr: lr.value, beta1: beta1.value, beta2: beta2.value, eps: eps.value, weightDecay: weightDecay.value,
      amsgrad: truthy(amsgrad), maximize: truthy(maximize),
    });
    const group = new Map<string, PyValue>([
      ['lr', lr.shown], ['betas', betas], ['eps', eps.shown], ['weight_decay', weightDecay.shown],
      ['amsgrad', amsgrad], ['maximize', maximize], ['foreach', given(a, 'foreach', null)],
      ['capturable', given(a, 'capturable', false)], ['differentiable', given(a, 'differentiable', false)],
      ['fused', given(a, 'fused', null)], ['decoupled_weight_decay', given(a, 'decoupled_weight_decay', false)],
    ]);
    // step() unpacks `beta1, beta2 = group['betas']`: a longer sequence fails there, as in PyTorch.
    const unpackError = (betas as PyTuple | PyList).items.length > 2 ? 'too many values to unpack (expected 2)' : null;
    return optimizerObject('Adam', optimizer, group, unpackError);
  });
}

/** torch.optim: SGD and Adam; the other optimizers and lr_scheduler are "not supported" (lab_names.ts). */
export function optimModule(rt: Runtime): PyModule {
  return new PyModule('torch.optim', new Map<string, PyValue>([['SGD', sgdClass(rt)], ['Adam', adamClass(rt)]]));
}
