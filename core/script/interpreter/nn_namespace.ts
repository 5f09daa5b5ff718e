/**
 * torch.nn for scripts: `functional`, Parameter, and the loss modules
 * MSELoss, L1Loss and BCEWithLogitsLoss. A loss module is a callable object whose forward is
 * the F. function with the module's reduction (and, for BCEWithLogitsLoss,
 * weight and pos_weight), exactly as torch/nn/modules/loss.py writes it; it
 * prints as PyTorch's does (`MSELoss()`: these modules have no extra_repr).
 */
import type { Tensor } from '../../index';
import { detach, zeros } from '../../index';
import { attributeError, notSupported } from './errors';
import { bindMethod } from './method_args';
import { truthy } from './operators';
import { markParameter } from './parameters';
import { callOp, functionalTable } from './ops_table';
import type { Runtime } from './runtime';
import type { Kwargs, PyModule as PyModuleType, PyValue } from './values';
import { PyCallable, PyClass, PyModule, PyObject, isTensorValue, typeName } from './values';

interface LossSpec {
  readonly functional: string;
  /** Constructor parameters besides size_average, reduce and reduction. */
  readonly tensors: readonly string[];
}

const LOSSES: Record<string, LossSpec> = {
  MSELoss: { functional: 'mse_loss', tensors: [] },
  L1Loss: { functional: 'l1_loss', tensors: [] },
  BCEWithLogitsLoss: { functional: 'binary_cross_entropy_with_logits', tensors: ['weight', 'pos_weight'] },
};

/** The constructor's parameter list, in PyTorch's order. */
function initParams(cls: string): string[] {
  if (cls === 'BCEWithLogitsLoss') return ['weight=', 'size_average=', 'reduce=', 'reduction=', 'pos_weight='];
  return ['size_average=', 'reduce=', 'reduction='];
}

function lossClass(rt: Runtime, cls: string, spec: LossSpec): PyClass {
  return new PyClass(`torch.nn.${cls}`, `torch.nn.modules.loss.${cls}`, (args, kwargs) => {
    const a = bindMethod(`${cls}.__init__`, initParams(cls), args, kwargs);
    for (const legacy of ['size_average', 'reduce']) {
      const v = a.get(legacy);
      if (v !== undefined && v !== null) throw notSupported(`torch.nn.${cls}(${legacy}=...)`, "(deprecated; use reduction='sum' or 'none')");
    }
    const attrs = new Map<string, PyValue>();
    const reduction = a.get('reduction') ?? 'mean';
    attrs.set('reduction', reduction);
    for (const t of spec.tensors) attrs.set(t, a.get(t) ?? null);
    attrs.set('training', true);
    const obj = new PyObject(cls, attrs, () => `${cls}()`);
    const forward = new PyCallable(`${cls}.forward`, (fargs, fkwargs) => {
      const f = bindMethod(`${cls}.forward`, ['input', 'target'], fargs, fkwargs);
      const kw: Kwargs = new Map<string, PyValue>();
      // forward passes the module's attributes as they are now (`loss_fn.reduction` is read per call).
      for (const t of spec.tensors) kw.set(t, attrs.get(t) ?? null);
      kw.set('reduction', attrs.get('reduction') ?? 'mean');
      return callOp(spec.functional, functionalTable[spec.functional], undefined, [f.get('input') ?? null, f.get('target') ?? null], kw, rt);
    }, obj);
    attrs.set('forward', forward);
    obj.call = forward;
    return obj;
  });
}

/**
 * nn.Parameter(data=None, requires_grad=True): Parameter.__new__ makes a new
 * leaf sharing data's storage (Tensor._make_subclass, like detach()), with
 * requires_grad set as a factory sets it.
 */
function parameterClass(): PyClass {
  return new PyClass('torch.nn.Parameter', 'torch.nn.parameter.Parameter', (args, kwargs) => {
    const a = bindMethod('Parameter.__new__', ['data=', 'requires_grad='], args, kwargs);
    const data = a.get('data') ?? null;
    const requiresGrad = truthy(a.get('requires_grad') ?? true);
    let t: Tensor;
    if (data === null) t = zeros([0]);
    else if (isTensorValue(data)) t = detach(data);
    else throw attributeError(`'${typeName(data)}' object has no attribute 'detach'`);
    if (requiresGrad) t.setRequiresGradFromFactory();
    return markParameter(t);
  });
}

/** torch.nn: `functional` and the loss modules; any other real nn name is "not supported" (pytorch_names.ts). */
export function nnModule(rt: Runtime, functional: PyModuleType): PyModule {
  const attrs = new Map<string, PyValue>([['functional', functional]]);
  for (const [cls, spec] of Object.entries(LOSSES)) attrs.set(cls, lossClass(rt, cls, spec));
  attrs.set('Parameter', parameterClass());
  return new PyModule('torch.nn', attrs);
}
