/**
 * Tensor ops reachable both as `torch.name(input, ...)` and as
 * `input.name(...)`: one parameter list and one body per op, like PyTorch's
 * native_functions.yaml gives each op one signature for both spellings.
 */
import type { Tensor, UnaryName } from '../../index';
import {
  add, allclose, bmm, clone, dot, equal, flatten, matmul, max, mean, min, mm, mv, neg, norm, permute, reshape,
  squeeze, sub, sum, t, transpose, unary, unsqueeze, view,
} from '../../index';
import { binaryCrossEntropyWithLogits, mseLoss, mseLossSizeWarning } from '../../nn/functional';
import { l1Loss } from '../../nn/l1_loss';
import { bind, dimsArg, scalarOperand, shapeArgs, toBool, toInt, toNumber, toTensor } from './args';
import { notSupported, typeError } from './errors';
import type { PyError } from './errors';
import { checkMatmul } from './op_cost';
import { pointwiseFunctional, pointwiseOps } from './ops_pointwise';
import { softmaxFunctional, softmaxOps } from './ops_softmax';
import { binary, compareValues } from './operators';
import type { Runtime } from './runtime';
import type { Kwargs, PyValue } from './values';
import { PyList, PyTuple, isNumber, isTensorValue, typeName } from './values';

export interface OpSpec {
  /** Parameters after `input` (see bind()). */
  readonly params: readonly string[];
  /** For ops taking a shape as varargs (`x.view(2, 3)`): the name of that parameter. */
  readonly varShape?: string;
  /** `asMethod`: called as `input.name(...)`, for the few ops whose method reads its arguments differently (`x.where(cond, y)`). */
  readonly run: (input: Tensor, a: Map<string, PyValue | undefined>, rt: Runtime, asMethod: boolean) => PyValue;
}

function other(a: Map<string, PyValue | undefined>): PyValue {
  return a.get('other') ?? null;
}

/** `torch.add(x, y, alpha=2)`: x + 2*y as one AddBackward0 node (SubBackward0 for sub). */
function addLike(op: 'add' | 'sub'): OpSpec {
  return {
    params: ['other', '*', 'alpha='],
    run: (x, a) => {
      const alpha = a.get('alpha');
      const y = other(a);
      if (alpha === undefined) return binary(op === 'add' ? '+' : '-', x, y);
      if (!isNumber(alpha)) throw typeError(`${op}(): argument 'alpha' must be Number, not ${typeName(alpha)}`);
      if (!isTensorValue(y) && !isNumber(y)) throw typeError(`${op}(): argument 'other' (position 2) must be Tensor, not ${typeName(y)}`);
      const operand = isTensorValue(y) ? y : scalarOperand(y);
      return op === 'add' ? add(x, operand, scalarOperand(alpha)) : sub(x, operand, scalarOperand(alpha));
    },
  };
}

/** matmul, mm, mv, dot: refused up front when too large to finish in time (see op_cost). */
function product(name: string, param: string, f: (x: Tensor, y: Tensor) => Tensor): OpSpec {
  return {
    params: [param],
    run: (x, a, rt) => {
      const y = toTensor(a.get(param), `${name}(): argument '${param}'`);
      checkMatmul(x, y, rt.limits, (n) => rt.checkElements(n));
      return f(x, y);
    },
  };
}

function unaryOp(name: UnaryName): OpSpec {
  return { params: [], run: (x) => unary(name, x) };
}

function comparison(op: string): OpSpec {
  return { params: ['other'], run: (x, a) => compareValues(op, x, other(a)) };
}

function unsupportedDim(fn: string): PyError {
  return notSupported(`${fn}(dim)`, `(it returns values and indices); use ${fn}() over all elements`);
}

function reduction(v: PyValue | undefined): string {
  if (v === undefined) return 'mean';
  if (typeof v !== 'string') throw typeError(`reduction must be str, not ${typeName(v)}`);
  return v;
}

function optionalTensor(v: PyValue | undefined, what: string): Tensor | null {
  return v === undefined || v === null ? null : toTensor(v, what);
}

export const opsTable: Record<string, OpSpec> = {
  ...pointwiseOps,
  ...softmaxOps,
  add: addLike('add'),
  sub: addLike('sub'),
  mul: { params: ['other'], run: (x, a) => binary('*', x, other(a)) },
  div: { params: ['other'], run: (x, a) => binary('/', x, other(a)) },
  pow: { params: ['exponent'], run: (x, a) => binary('**', x, a.get('exponent') ?? null) },
  neg: { params: [], run: (x) => neg(x) },
  exp: unaryOp('exp'),
  log: unaryOp('log'),
  sqrt: unaryOp('sqrt'),
  abs: unaryOp('abs'),
  sin: unaryOp('sin'),
  cos: unaryOp('cos'),
  tanh: unaryOp('tanh'),
  sigmoid: unaryOp('sigmoid'),
  relu: unaryOp('relu'),
  reciprocal: unaryOp('reciprocal'),
  matmul: product('matmul', 'other', matmul),
  mm: product('mm', 'mat2', mm),
  mv: product('mv', 'vec', mv),
  bmm: product('bmm', 'mat2', bmm),
  dot: product('dot', 'tensor', dot),
  t: { params: [], run: (x) => t(x) },
  transpose: {
    params: ['dim0', 'dim1'],
    run: (x, a) => transpose(x, toInt(a.get('dim0'), "transpose(): argument 'dim0'"), toInt(a.get('dim1'), "transpose(): argument 'dim1'")),
  },
  permute: { params: ['dims'], varShape: 'dims', run: (x, a) => permute(x, shapeArgs('permute', [a.get('dims') ?? null])) },
  view: { params: ['size'], varShape: 'size', run: (x, a) => view(x, shapeArgs('view', [a.get('size') ?? null])) },
  reshape: { params: ['shape'], varShape: 'shape', run: (x, a) => reshape(x, shapeArgs('reshape', [a.get('shape') ?? null])) },
  flatten: { params: [], run: (x) => flatten(x) },
  unsqueeze: { params: ['dim'], run: (x, a) => unsqueeze(x, toInt(a.get('dim'), "unsqueeze(): argument 'dim'")) },
  squeeze: {
    params: ['dim='],
    run: (x, a) => {
      const d = a.get('dim');
      return d === undefined || d === null ? squeeze(x) : squeeze(x, toInt(d, "squeeze(): argument 'dim'"));
    },
  },
  clone: { params: [], run: (x) => clone(x) },
  sum: {
    params: ['dim=', 'keepdim=', '*', 'dtype='],
    run: (x, a) => {
      if (a.get('dtype') !== undefined && a.get('dtype') !== null) throw notSupported('sum(dtype=...)');
      return sum(x, dimsArg(a.get('dim'), 'sum'), a.has('keepdim') ? toBool(a.get('keepdim'), "sum(): argument 'keepdim'") : false);
    },
  },
  mean: {
    params: ['dim=', 'keepdim='],
    run: (x, a) => mean(x, dimsArg(a.get('dim'), 'mean'), a.has('keepdim') ? toBool(a.get('keepdim'), "mean(): argument 'keepdim'") : false),
  },
  max: {
    params: ['dim='],
    run: (x, a) => {
      if (a.get('dim') !== undefined) throw unsupportedDim('max');
      return max(x);
    },
  },
  // The 2-norm of every element: p='fro' and p=2 are the same there. Other orders and dims are not supported.
  norm: {
    params: ['p=', 'dim=', 'keepdim=', 'dtype='],
    run: (x, a) => {
      const p = a.get('p');
      if (p !== undefined && p !== 'fro' && !(isNumber(p) && Number(p) === 2)) throw notSupported('norm(p=...)', 'other than 2 or \'fro\'');
      for (const k of ['dim', 'keepdim', 'dtype']) if (a.get(k) !== undefined && a.get(k) !== null && a.get(k) !== false) throw notSupported(`norm(${k}=...)`);
      return norm(x);
    },
  },
  min: {
    params: ['dim='],
    run: (x, a) => {
      if (a.get('dim') !== undefined) throw unsupportedDim('min');
      return min(x);
    },
  },
  eq: comparison('=='),
  ne: comparison('!='),
  lt: comparison('<'),
  le: comparison('<='),
  gt: comparison('>'),
  ge: comparison('>='),
  equal: { params: ['other'], run: (x, a) => equal(x, toTensor(other(a), "equal(): argument 'other'")) },
  allclose: {
    params: ['other', 'rtol=', 'atol=', 'equal_nan='],
    run: (x, a) =>
      allclose(
        x,
        toTensor(other(a), "allclose(): argument 'other'"),
        a.get('rtol') === undefined ? 1e-5 : toNumber(a.get('rtol'), "allclose(): argument 'rtol'"),
        a.get('atol') === undefined ? 1e-8 : toNumber(a.get('atol'), "allclose(): argument 'atol'"),
        a.get('equal_nan') === undefined ? false : toBool(a.get('equal_nan'), "allclose(): argument 'equal_nan'"),
      ),
  },
};

/** torch.nn.functional: the same shape of spec, `input` first. */
export const functionalTable: Record<string, OpSpec> = {
  ...pointwiseFunctional,
  ...softmaxFunctional,
  relu: {
    params: ['inplace='],
    run: (x, a) => {
      if (a.get('inplace') === true) throw notSupported('F.relu(inplace=True)');
      return unary('relu', x);
    },
  },
  sigmoid: unaryOp('sigmoid'),
  tanh: unaryOp('tanh'),
  mse_loss: {
    params: ['target', 'size_average=', 'reduce=', 'reduction='],
    run: (x, a, rt) => {
      const target = toTensor(a.get('target'), "mse_loss(): argument 'target'");
      const warning = mseLossSizeWarning(x, target);
      if (warning !== null) rt.warn('UserWarning', warning);
      return mseLoss(x, target, reduction(a.get('reduction')));
    },
  },
  l1_loss: {
    params: ['target', 'size_average=', 'reduce=', 'reduction='],
    run: (x, a, rt) => {
      const target = toTensor(a.get('target'), "l1_loss(): argument 'target'");
      // F.l1_loss warns with the same text as F.mse_loss.
      const warning = mseLossSizeWarning(x, target);
      if (warning !== null) rt.warn('UserWarning', warning);
      return l1Loss(x, target, reduction(a.get('reduction')));
    },
  },
  binary_cross_entropy_with_logits: {
    params: ['target', 'weight=', 'size_average=', 'reduce=', 'reduction=', 'pos_weight='],
    run: (x, a) =>
      binaryCrossEntropyWithLogits(
        x,
        toTensor(a.get('target'), "binary_cross_entropy_with_logits(): argument 'target'"),
        optionalTensor(a.get('weight'), "binary_cross_entropy_with_logits(): argument 'weight'"),
        optionalTensor(a.get('pos_weight'), "binary_cross_entropy_with_logits(): argument 'pos_weight'"),
        reduction(a.get('reduction')),
      ),
  },
};

/**
 * Calls an op spec. `self` is the tensor of a method call (`x.view(2, 3)`),
 * or undefined for `torch.view(x, ...)` where `input` is the first argument.
 */
export function callOp(
  qualified: string, spec: OpSpec, self: Tensor | undefined, args: PyValue[], kwargs: Kwargs, rt: Runtime,
): PyValue {
  let rest = args;
  let input: PyValue | undefined = self;
  const fnName = qualified.split('.').pop() as string;
  const kw = new Map(kwargs);
  if (self === undefined) {
    if (args.length > 0) {
      input = args[0];
      rest = args.slice(1);
    } else {
      input = kw.get('input');
      kw.delete('input');
    }
    if (input === undefined) throw typeError(`${fnName}() missing 1 required positional argument: 'input'`);
  }
  const x = toTensor(input, `${fnName}(): argument 'input' (position 1)`);
  // Varargs shapes: x.view(2, 3) means x.view((2, 3)).
  if (spec.varShape !== undefined && rest.length > 1) rest = [new PyTuple(rest)];
  if (spec.varShape !== undefined && rest.length === 1 && !(rest[0] instanceof PyTuple || rest[0] instanceof PyList)) {
    rest = [new PyTuple(rest)];
  }
  const a = bind(fnName, spec.params, rest, kw);
  return spec.run(x, a, rt, self !== undefined);
}
