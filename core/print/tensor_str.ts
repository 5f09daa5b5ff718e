/**
 * `repr(tensor)` / `str(tensor)` exactly as PyTorch prints them: a port of torch/_tensor_str.py
 * (PyTorch 1.13) for CPU, strided, real tensors. It works on plain data, so any tensor type can
 * print by handing over its shape, dtype and flat row-major values.
 */
import { fixedDigits, significantDigits } from './float_digits';

export type PrintDType = 'float32' | 'float64' | 'int64' | 'bool';

export interface PrintableTensor {
  shape: readonly number[];
  dtype: PrintDType;
  /** Flat row-major values; float32 as the exact doubles of the floats, bool as 0/1. */
  values: ArrayLike<number>;
  requiresGrad: boolean;
  /** Class name of grad_fn (e.g. 'SumBackward0'), or null for leaves and no-grad tensors. */
  gradFnName: string | null;
}

/** `torch.set_printoptions` (PyTorch's defaults when omitted). */
export interface PrintOptions {
  precision?: number;
  threshold?: number;
  edgeitems?: number;
  linewidth?: number;
  /** null: chosen per tensor by the formatter (PyTorch's default). */
  sciMode?: boolean | null;
}

interface Opts {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sciMode: boolean | null;
}

export const DEFAULT_PRINT_OPTIONS: Readonly<Required<PrintOptions>> = Object.freeze({
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null,
});

/** `str(torch.float32)` and friends. */
export function formatDtype(dtype: PrintDType): string {
  return `torch.${dtype}`;
}

/** `str(torch.Size([2, 3]))`. */
export function formatSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

/** `str(tuple(shape))`: `(0, 3)`, `(0,)`, `()`. */
function tupleStr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

// -------------------------------------------------------------- number text

function fmtFixed(x: number, precision: number): string {
  return (x < 0 || Object.is(x, -0) ? '-' : '') + fixedDigits(x, precision);
}

/** Python's `'{:.Pe}'.format(x)` for finite x. */
function fmtSci(x: number, precision: number): string {
  const { digits, exp10 } = significantDigits(x, precision + 1);
  const e = x === 0 ? 0 : exp10;
  const a = Math.abs(e);
  const mant = precision > 0 ? `${digits[0]}.${digits.slice(1)}` : digits[0];
  return `${x < 0 || Object.is(x, -0) ? '-' : ''}${mant}e${e < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
}

function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

function intStr(x: number): string {
  return Number.isInteger(x) ? BigInt(x).toString() : String(x);
}

/** `_Formatter`: decides int/sci/fixed mode and the column width from the (summarized) values. */
class Formatter {
  readonly floating: boolean;
  readonly bool: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(dtype: PrintDType, values: readonly number[], private readonly opts: Opts) {
    this.floating = dtype === 'float32' || dtype === 'float64';
    this.bool = dtype === 'bool';
    if (!this.floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, this.scalarText(v).length);
      return;
    }
    const nz = values.filter((v) => Number.isFinite(v) && v !== 0);
    if (nz.length === 0) return; // PyTorch returns before applying PRINT_OPTS.sci_mode here
    let min = Infinity;
    let max = 0;
    for (const v of nz) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    this.intMode = nz.every((v) => v === Math.ceil(v));
    const p = opts.precision;
    if (this.intMode) {
      if (max / min > 1000.0 || max > 1.0e8) {
        this.sciMode = true;
        for (const v of nz) this.maxWidth = Math.max(this.maxWidth, fmtSci(v, p).length);
      } else {
        for (const v of nz) this.maxWidth = Math.max(this.maxWidth, fmtFixed(v, 0).length + 1);
      }
    } else if (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4) {
      this.sciMode = true;
      for (const v of nz) this.maxWidth = Math.max(this.maxWidth, fmtSci(v, p).length);
    } else {
      for (const v of nz) this.maxWidth = Math.max(this.maxWidth, fmtFixed(v, p).length);
    }
    if (opts.sciMode !== null) this.sciMode = opts.sciMode;
  }

  private scalarText(v: number): string {
    return this.bool ? (v ? 'True' : 'False') : intStr(v);
  }

  width(): number {
    return this.maxWidth;
  }

  format(v: number): string {
    let ret: string;
    if (!this.floating) ret = this.scalarText(v);
    else if (!Number.isFinite(v)) ret = nonFinite(v); // every float mode prints these bare
    else if (this.sciMode) ret = fmtSci(v, this.opts.precision);
    else if (this.intMode) ret = fmtFixed(v, 0) + '.';
    else ret = fmtFixed(v, this.opts.precision);
    return ret.length < this.maxWidth ? ' '.repeat(this.maxWidth - ret.length) + ret : ret;
  }
}

// ------------------------------------------------------ nested data walking

/** A sub-tensor of a contiguous row-major tensor: `self[i][j]...` is just an offset and a shape. */
interface View {
  values: ArrayLike<number>;
  offset: number;
  shape: readonly number[];
}

function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function child(v: View, i: number): View {
  const inner = v.shape.slice(1);
  return { values: v.values, offset: v.offset + i * numelOf(inner), shape: inner };
}

/** The values `get_summarized_data` keeps: edgeitems from each end of every dimension. */
function summarizedValues(v: View, edge: number, out: number[]): void {
  if (v.shape.length === 0) {
    out.push(v.values[v.offset]);
    return;
  }
  const n = v.shape[0];
  const idx = n > 2 * edge ? [...range(0, edge), ...range(n - edge, n)] : range(0, n);
  if (v.shape.length === 1) {
    for (const i of idx) out.push(v.values[v.offset + i]);
    return;
  }
  for (const i of idx) summarizedValues(child(v, i), edge, out);
}

function range(a: number, b: number): number[] {
  const r: number[] = [];
  for (let i = a; i < b; i++) r.push(i);
  return r;
}

function vectorStr(v: View, indent: number, summarize: boolean, fmt: Formatter, o: Opts): string {
  const elementLength = fmt.width() + 2;
  const perLine = Math.max(1, Math.floor((o.linewidth - indent) / elementLength));
  const n = v.shape[0];
  let data: string[];
  if (summarize && n > 2 * o.edgeitems) {
    data = [
      ...range(0, o.edgeitems).map((i) => fmt.format(v.values[v.offset + i])),
      ' ...',
      ...range(n - o.edgeitems, n).map((i) => fmt.format(v.values[v.offset + i])),
    ];
  } else {
    data = range(0, n).map((i) => fmt.format(v.values[v.offset + i]));
  }
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function tensorStrWithFormatter(v: View, indent: number, summarize: boolean, fmt: Formatter, o: Opts): string {
  const dim = v.shape.length;
  if (dim === 0) return fmt.format(v.values[v.offset]);
  if (dim === 1) return vectorStr(v, indent, summarize, fmt, o);
  const n = v.shape[0];
  let slices: string[];
  if (summarize && n > 2 * o.edgeitems) {
    slices = [
      ...range(0, o.edgeitems).map((i) => tensorStrWithFormatter(child(v, i), indent + 1, summarize, fmt, o)),
      '...',
      ...range(n - o.edgeitems, n).map((i) => tensorStrWithFormatter(child(v, i), indent + 1, summarize, fmt, o)),
    ];
  } else {
    slices = range(0, n).map((i) => tensorStrWithFormatter(child(v, i), indent + 1, summarize, fmt, o));
  }
  return '[' + slices.join(',' + '\n'.repeat(dim - 1) + ' '.repeat(indent + 1)) + ']';
}

function tensorStr(t: PrintableTensor, indent: number, o: Opts): string {
  const view: View = { values: t.values, offset: 0, shape: t.shape };
  const numel = numelOf(t.shape);
  if (numel === 0) return '[]';
  const summarize = numel > o.threshold;
  const fmtValues: number[] = [];
  if (summarize) summarizedValues(view, o.edgeitems, fmtValues);
  else for (let i = 0; i < numel; i++) fmtValues.push(t.values[i]);
  const fmt = new Formatter(t.dtype, fmtValues, o);
  return tensorStrWithFormatter(view, indent, summarize, fmt, o);
}

/** `_add_suffixes`: each suffix goes on its own line once the current one would pass linewidth. */
function addSuffixes(tensorText: string, suffixes: string[], indent: number, linewidth: number): string {
  const parts = [tensorText];
  // PyTorch's arithmetic (rfind gives -1 on a single line, so that line counts 2 extra).
  let lastLineLen = tensorText.length - tensorText.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** `repr(t)` (== `str(t)`) for a CPU tensor with float32 as the default dtype. */
export function formatTensor(t: PrintableTensor, options: PrintOptions = {}): string {
  const o: Opts = { ...DEFAULT_PRINT_OPTIONS, ...options };
  const numel = numelOf(t.shape);
  if (t.values.length < numel) throw new RangeError(`formatTensor: ${t.values.length} values for shape ${tupleStr(t.shape)}`);
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  let body: string;
  if (numel === 0) {
    // Empty tensors show their shape unless it is (0,), and any non-default dtype (int64 included).
    if (t.shape.length !== 1) suffixes.push('size=' + tupleStr(t.shape));
    if (t.dtype !== 'float32') suffixes.push('dtype=' + formatDtype(t.dtype));
    body = '[]';
  } else {
    if (t.dtype === 'float64') suffixes.push('dtype=' + formatDtype(t.dtype));
    body = tensorStr(t, indent, o);
  }
  if (t.gradFnName !== null) suffixes.push(`grad_fn=<${t.gradFnName}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent, o.linewidth);
}
