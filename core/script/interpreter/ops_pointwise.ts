/**
 * Tensor ops (see ops_table.ts for the shape of a spec), registered into
 * opsTable (torch.name and Tensor.name) and functionalTable (F.name).
 */
import type { Operand, Scalar, Tensor } from '../../index';
import { argmax, argmin, clamp, clampMax, clampMin, maximum, minimum, pow, where } from '../../index';
import { scalarOperand, toBool, toTensor } from './args';
import { notSupported, typeError } from './errors';
import type { PyError } from './errors';
import type { OpSpec } from './ops_table';
import type { PyValue } from './values';
import { isNumber, isTensorValue, typeName } from './values';

type Bounds = Map<string, PyValue | undefined>;

/**
 * PyTorch's TypeError for clamp/clamp_min/clamp_max bounds that are neither
 * all numbers nor all tensors, in the torch.clamp(x, ...) spelling: the given
 * arguments' types, a bound after a skipped one written as `name=type`.
 */
function clampTypeError(fn: string, names: readonly string[], a: Bounds): PyError {
  const kind = (v: PyValue): string => (isTensorValue(v) ? 'Tensor' : typeName(v));
  const got = ['Tensor'];
  let skipped = false;
  for (const n of names) {
    const v = a.get(n);
    if (v === undefined) skipped = true;
    else got.push(skipped ? `${n}=${kind(v)}` : kind(v));
  }
  const params = (t: string): string => names.map((n) => `${t} ${n}`).join(', ');
  return typeError([
    `${fn}() received an invalid combination of arguments - got (${got.join(', ')}), but expected one of:`,
    ` * (Tensor input, ${params('Tensor')}, *, Tensor out)`,
    ` * (Tensor input, ${params('Number')}, *, Tensor out)`,
    '',
  ].join('\n'));
}

/** The bounds as engine operands (null for None): Python numbers only; tensor bounds are not supported. */
function clampBounds(fn: string, names: readonly string[], a: Bounds, noneAllowed: boolean): (Scalar | null)[] {
  const given = names.map((n) => a.get(n));
  const present = given.filter((v): v is PyValue => v !== undefined && v !== null);
  if (present.length > 0 && present.every((v) => isTensorValue(v))) throw notSupported(`${fn}() with tensor bounds`, '; use Python numbers');
  if (present.some((v) => !isNumber(v)) || (!noneAllowed && present.length < names.length)) throw clampTypeError(fn, names, a);
  return given.map((v) => (v === undefined || v === null ? null : scalarOperand(v as bigint | number | boolean)));
}

function required(fn: string, name: string, v: PyValue | undefined): PyValue {
  if (v === undefined) throw typeError(`${fn}() missing 1 required positional arguments: "${name}"`);
  return v;
}

function clampOne(fn: 'clamp_min' | 'clamp_max'): OpSpec {
  const name = fn === 'clamp_min' ? 'min' : 'max';
  return {
    params: [`${name}=`],
    run: (x, a) => {
      const [b] = clampBounds(fn, [name], a, false);
      return fn === 'clamp_min' ? clampMin(x, b as Scalar) : clampMax(x, b as Scalar);
    },
  };
}

function extremum(fn: 'maximum' | 'minimum'): OpSpec {
  return {
    params: ['other='],
    run: (x, a, _rt, asMethod) => {
      // `other` is the second argument of torch.maximum(x, other) but the first of x.maximum(other).
      const y = toTensor(required(fn, 'other', a.get('other')), `${fn}(): argument 'other' (position ${asMethod ? 1 : 2})`);
      return fn === 'maximum' ? maximum(x, y) : minimum(x, y);
    },
  };
}

function whereOperand(v: PyValue | undefined): Operand {
  if (isTensorValue(v)) return v;
  return scalarOperand(v as bigint | number | boolean);
}

const WHERE_SIGNATURES = ['(Tensor condition)', '(Tensor condition, Tensor input, Tensor other, *, Tensor out)'];

/**
 * PyTorch's "invalid combination" TypeError for torch.where(cond, input, other)
 * given positionally: each three-argument overload that takes a Number marks
 * with `!` every argument but a tensor in a Tensor slot.
 */
function whereTypeError(input: PyValue, other: PyValue): PyError {
  const kind = (v: PyValue): string => (isTensorValue(v) ? 'Tensor' : typeName(v));
  // Measured against torch 1.13: its message marks a Python number even where a Number fits.
  const fits = (v: PyValue, want: 'Tensor' | 'Number'): boolean => want === 'Tensor' && isTensorValue(v);
  const lines = [`where() received an invalid combination of arguments - got (Tensor, ${kind(input)}, ${kind(other)}), but expected one of:`];
  for (const sig of WHERE_SIGNATURES) lines.push(` * ${sig}`);
  const overloads: ['Tensor' | 'Number', 'Tensor' | 'Number'][] = [['Number', 'Tensor'], ['Tensor', 'Number'], ['Number', 'Number']];
  for (const [wi, wo] of overloads) {
    lines.push(` * (Tensor condition, ${wi} ${wi === 'Tensor' ? 'input' : 'self'}, ${wo} other)`);
    const mark = (v: PyValue, want: 'Tensor' | 'Number'): string => (fits(v, want) ? kind(v) : `!${kind(v)}!`);
    lines.push(`      didn't match because some of the arguments have invalid types: (Tensor, ${mark(input, wi)}, ${mark(other, wo)})`);
  }
  return typeError([...lines, ''].join('\n'));
}

function argExtreme(fn: 'argmax' | 'argmin'): OpSpec {
  return {
    params: ['dim=', 'keepdim='],
    run: (x, a) => {
      const dim = a.get('dim');
      if (dim !== undefined && dim !== null) throw notSupported(`${fn}(dim)`, `; use ${fn}() over all elements`);
      const keepdim = a.get('keepdim') === undefined ? false : toBool(a.get('keepdim'), `${fn}(): argument 'keepdim'`);
      return fn === 'argmax' ? argmax(x, keepdim) : argmin(x, keepdim);
    },
  };
}

const clampSpec: OpSpec = {
  params: ['min=', 'max='],
  run: (x, a) => {
    const [min, max] = clampBounds('clamp', ['min', 'max'], a, true);
    return clamp(x, min, max);
  },
};

export const pointwiseOps: Record<string, OpSpec> = {
  clamp: clampSpec,
  clip: clampSpec,
  clamp_min: clampOne('clamp_min'),
  clamp_max: clampOne('clamp_max'),
  maximum: extremum('maximum'),
  minimum: extremum('minimum'),
  // torch.where(condition, input, other): the condition is the first argument.
  where: {
    params: ['input=', 'other='],
    run: (first: Tensor, a, _rt, asMethod) => {
      // x.where(condition, y) is torch.where(condition, x, y).
      if (asMethod) {
        const condition = toTensor(a.get('input') ?? null, "where(): argument 'condition' (position 1)");
        const y = a.get('other');
        if (y === undefined) throw typeError("where() missing 1 required positional arguments: \"other\"");
        if (!isTensorValue(y)) throw typeError(`where(): argument 'other' (position 2) must be Tensor, not ${typeName(y)}`);
        return where(condition, first, y);
      }
      const cond = first;
      if (a.get('input') === undefined && a.get('other') === undefined) throw notSupported('torch.where(condition)', '(it returns a tuple of indices)');
      const input = a.get('input');
      const other = a.get('other');
      if (input === undefined || other === undefined) {
        throw typeError([
          'where() received an invalid combination of arguments - got (Tensor, Tensor), but expected one of:',
          ...WHERE_SIGNATURES.map((sig) => ` * ${sig}`),
          ' * (Tensor condition, Number self, Tensor other)',
          ' * (Tensor condition, Tensor input, Number other)',
          ' * (Tensor condition, Number self, Number other)',
          '',
        ].join('\n'));
      }
      const ok = (v: PyValue): boolean => isTensorValue(v) || isNumber(v);
      if (!ok(input) || !ok(other)) throw whereTypeError(input, other);
      return where(cond, whereOperand(input), whereOperand(other));
    },
  },
  // x.square() is pow(x, 2) in PyTorch: PowBackward0, and int64 for bool input.
  square: { params: [], run: (x) => pow(x, scalarOperand(2n)) },
  argmax: argExtreme('argmax'),
  argmin: argExtreme('argmin'),
};

export const pointwiseFunctional: Record<string, OpSpec> = {};
