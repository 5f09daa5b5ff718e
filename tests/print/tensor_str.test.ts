import { describe, expect, it } from 'vitest';
import { formatDtype, formatSize, formatTensor, type PrintDType, type PrintOptions } from '../../core/print/tensor_str';
import { decodeNumber, loadFixture } from './fixture';

interface Case {
  name: string;
  shape: number[];
  dtype: PrintDType;
  values: (number | string)[];
  requires_grad: boolean;
  grad_fn: string | null;
  options: { precision?: number; threshold?: number; edgeitems?: number; linewidth?: number; sci_mode?: boolean | null };
  repr: string;
}
interface PrintingFixture {
  cases: Case[];
  sizes: { shape: number[]; str: string }[];
  dtypes: { dtype: PrintDType; str: string }[];
}

const fx = loadFixture<PrintingFixture>('printing.json');

function options(c: Case): PrintOptions {
  const o: PrintOptions = {};
  if (c.options.precision !== undefined) o.precision = c.options.precision;
  if (c.options.threshold !== undefined) o.threshold = c.options.threshold;
  if (c.options.edgeitems !== undefined) o.edgeitems = c.options.edgeitems;
  if (c.options.linewidth !== undefined) o.linewidth = c.options.linewidth;
  if (c.options.sci_mode !== undefined) o.sciMode = c.options.sci_mode;
  return o;
}

describe('formatTensor matches repr(tensor) of PyTorch 1.13', () => {
  it.each(fx.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const values = c.values.map(decodeNumber);
    const t = {
      shape: c.shape,
      dtype: c.dtype,
      values: c.dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values),
      requiresGrad: c.requires_grad,
      gradFnName: c.grad_fn,
    };
    expect(formatTensor(t, options(c))).toBe(c.repr);
  });

  it('formats torch.Size and dtypes', () => {
    for (const s of fx.sizes) expect(formatSize(s.shape)).toBe(s.str);
    for (const d of fx.dtypes) expect(formatDtype(d.dtype)).toBe(d.str);
  });
});
