/**
 * Python's text for plain values: `repr`/`str` of float, int, bool, None and str, and the
 * format-spec mini-language of `format()` and f-strings (`{x:.4f}`, `{x:>10}`, `{n:,}` ...).
 * Follows CPython 3 (Objects/floatobject.c, Python/pystrtod.c, Python/formatter_unicode.c).
 */
import { fixedDigits, shortestDigits, significantDigits } from './float_digits';

/** A `format()` failure Python itself raises (`pyType` names the exception). */
export class PyFormatError extends Error {
  constructor(message: string, readonly pyType: 'ValueError' | 'TypeError' = 'ValueError') {
    super(message);
    this.name = pyType;
  }
}

/** A spec Python accepts but Autograd Lab does not implement. */
export class UnsupportedFormatSpecError extends Error {
  constructor(spec: string, why: string) {
    super(`Autograd Lab does not support the format spec '${spec}' (${why})`);
    this.name = 'UnsupportedFormatSpecError';
  }
}

// ---------------------------------------------------------------- repr / str

function expSuffix(exp10: number): string {
  const a = Math.abs(exp10);
  return `e${exp10 < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
}

/** Place a decimal point in `digits` whose first digit has exponent exp10 (fixed notation). */
function placePoint(digits: string, exp10: number): { int: string; frac: string } {
  if (exp10 < 0) return { int: '0', frac: '0'.repeat(-exp10 - 1) + digits };
  if (digits.length <= exp10 + 1) return { int: digits + '0'.repeat(exp10 + 1 - digits.length), frac: '' };
  return { int: digits.slice(0, exp10 + 1), frac: digits.slice(exp10 + 1) };
}

/** `repr(x)` == `str(x)` for a Python float: shortest round-trip, exponent when exp < -4 or >= 16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const { digits, exp10 } = shortestDigits(x);
  if (exp10 < -4 || exp10 >= 16) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return sign + mant + expSuffix(exp10);
  }
  const { int, frac } = placePoint(digits, exp10);
  return `${sign}${int}.${frac === '' ? '0' : frac}`;
}

/** `repr(n)` of a Python int. */
export function pyIntRepr(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (!Number.isInteger(n)) throw new TypeError(`pyIntRepr expects an integer, got ${n}`);
  return BigInt(n).toString();
}

export function pyBoolRepr(b: boolean): string {
  return b ? 'True' : 'False';
}

export const PY_NONE_REPR = 'None';

function isPrintable(cp: number): boolean {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0xad) return false;
  if (cp === 0x2028 || cp === 0x2029 || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfeff) return false;
  return true;
}

/** `repr(s)`: single quotes unless the text has a ' and no ", with Python's escapes. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (isPrintable(cp)) out += ch;
    else if (cp < 0x100) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + quote;
}

/** repr of a list or tuple whose items are already repr'd: `[1, 2]`, `(1,)`, `()`. */
export function pySequenceRepr(items: readonly string[], kind: 'list' | 'tuple'): string {
  if (kind === 'list') return `[${items.join(', ')}]`;
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

// ------------------------------------------------------------- format spec

interface Spec {
  fill: string;
  align: '<' | '>' | '=' | '^' | null;
  sign: '+' | '-' | ' ' | null;
  z: boolean;
  alt: boolean;
  zero: boolean;
  width: number | null;
  grouping: ',' | '_' | null;
  precision: number | null;
  type: string | null;
}

const SPEC_RE = /^(?:([\s\S])?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/u;

function parseSpec(spec: string): Spec {
  const m = SPEC_RE.exec(spec);
  if (!m) throw new PyFormatError('Invalid format specifier');
  return {
    fill: m[1] ?? ' ',
    align: (m[2] as Spec['align']) ?? null,
    sign: (m[3] as Spec['sign']) ?? null,
    z: m[4] !== undefined,
    alt: m[5] !== undefined,
    zero: m[6] !== undefined,
    width: m[7] !== undefined ? Number(m[7]) : null,
    grouping: (m[8] as Spec['grouping']) ?? null,
    precision: m[9] !== undefined ? Number(m[9]) : null,
    type: m[10] ?? null,
  };
}

function group(intDigits: string, sep: string, every: number): string {
  let out = '';
  for (let i = 0; i < intDigits.length; i++) {
    if (i > 0 && (intDigits.length - i) % every === 0) out += sep;
    out += intDigits[i];
  }
  return out;
}

/** Pad `body` (sign and prefix kept apart for '=' alignment) to the spec's width. */
function pad(spec: Spec, signPart: string, body: string, defaultAlign: '<' | '>', raw: string): string {
  let fill = spec.fill;
  let align = spec.align;
  if (spec.zero && align === null) {
    fill = '0';
    align = '=';
  }
  if (spec.zero && spec.grouping !== null && fill === '0' && align === '=') {
    throw new UnsupportedFormatSpecError(raw, 'zero padding together with a thousands separator');
  }
  align ??= defaultAlign;
  const width = spec.width ?? 0;
  const len = [...signPart].length + [...body].length;
  const n = Math.max(0, width - len);
  switch (align) {
    case '<':
      return signPart + body + fill.repeat(n);
    case '>':
      return fill.repeat(n) + signPart + body;
    case '=':
      return signPart + fill.repeat(n) + body;
    case '^':
      return fill.repeat(Math.floor(n / 2)) + signPart + body + fill.repeat(n - Math.floor(n / 2));
  }
}

function signText(negative: boolean, sign: Spec['sign']): string {
  if (negative) return '-';
  if (sign === '+') return '+';
  if (sign === ' ') return ' ';
  return '';
}

function formatFloat(x: number, spec: Spec, raw: string): string {
  const type = spec.type;
  if (type !== null && !'eEfFgG%'.includes(type)) {
    if (type === 'n') throw new UnsupportedFormatSpecError(raw, "the locale-aware 'n' type");
    throw new PyFormatError(`Unknown format code '${type}' for object of type 'float'`);
  }
  const upper = type === 'E' || type === 'F' || type === 'G';
  const pct = type === '%';
  const v = pct ? x * 100 : x;
  let negative = v < 0 || Object.is(v, -0);
  if (Number.isNaN(v)) negative = false;
  const a = Math.abs(v);
  let body: string;
  if (!Number.isFinite(v)) {
    body = Number.isNaN(v) ? 'nan' : 'inf';
    if (upper) body = body.toUpperCase();
    if (pct) body += '%';
    return pad(spec, signText(negative, spec.sign), body, '>', raw);
  }
  let intPart: string;
  let rest: string; // everything after the integer digits: ".ddd", "e+XX", "%"
  if (type === 'f' || type === 'F' || pct) {
    const p = spec.precision ?? 6;
    const s = fixedDigits(a, p);
    const dot = s.indexOf('.');
    intPart = dot < 0 ? s : s.slice(0, dot);
    rest = dot < 0 ? (spec.alt ? '.' : '') : s.slice(dot);
  } else if (type === 'e' || type === 'E') {
    const p = spec.precision ?? 6;
    const { digits, exp10 } = significantDigits(a, p + 1);
    intPart = digits[0];
    rest = (p > 0 ? '.' + digits.slice(1) : spec.alt ? '.' : '') + expSuffix(a === 0 ? 0 : exp10);
  } else {
    // 'g', 'G', or no type: general format. No type and no precision is repr.
    const repr = type === null && spec.precision === null;
    const addDot0 = type === null;
    let digits: string;
    let exp10: number;
    let p: number;
    if (repr) {
      ({ digits, exp10 } = shortestDigits(a));
      p = 17;
    } else {
      p = spec.precision ?? 6;
      if (p === 0) p = 1;
      ({ digits, exp10 } = significantDigits(a, p));
      if (!spec.alt) digits = digits.replace(/0+$/, '') || '0';
    }
    if (a === 0) exp10 = 0;
    const decpt = exp10 + 1;
    const useExp = repr ? decpt <= -4 || decpt > 16 : decpt <= -4 || decpt > (addDot0 ? p - 1 : p);
    if (useExp) {
      intPart = digits[0];
      const frac = digits.slice(1);
      rest = (frac !== '' ? '.' + frac : spec.alt ? '.' : '') + expSuffix(exp10);
    } else {
      const placed = placePoint(digits, exp10);
      intPart = placed.int;
      rest = placed.frac !== '' ? '.' + placed.frac : addDot0 ? '.0' : spec.alt ? '.' : '';
    }
  }
  if (upper) rest = rest.toUpperCase();
  if (pct) rest += '%';
  if (spec.z && negative && /^[0.]*$/.test(intPart + rest.replace(/e.*|%/i, '').replace('.', ''))) negative = false;
  if (spec.grouping !== null) intPart = group(intPart, spec.grouping, 3);
  return pad(spec, signText(negative, spec.sign), intPart + rest, '>', raw);
}

function formatInt(n: bigint, spec: Spec, raw: string, typeName: 'int' | 'bool' = 'int'): string {
  const type = spec.type;
  if (type !== null && 'eEfFgG%'.includes(type)) return formatFloat(Number(n), spec, raw);
  if (spec.precision !== null) throw new PyFormatError('Precision not allowed in integer format specifier');
  if (spec.z) throw new PyFormatError('Negative zero coercion (z) not allowed in integer format specifier');
  const negative = n < 0n;
  const a = negative ? -n : n;
  let digits: string;
  let prefix = '';
  let every = 3;
  switch (type) {
    case null:
    case 'd':
      digits = a.toString();
      break;
    case 'b':
      digits = a.toString(2);
      prefix = spec.alt ? '0b' : '';
      every = 4;
      break;
    case 'o':
      digits = a.toString(8);
      prefix = spec.alt ? '0o' : '';
      every = 4;
      break;
    case 'x':
    case 'X':
      digits = a.toString(16);
      if (type === 'X') digits = digits.toUpperCase();
      prefix = spec.alt ? (type === 'X' ? '0X' : '0x') : '';
      every = 4;
      break;
    case 'n':
    case 'c':
      throw new UnsupportedFormatSpecError(raw, `the '${type}' type`);
    default:
      throw new PyFormatError(`Unknown format code '${type}' for object of type '${typeName}'`);
  }
  if (spec.grouping === ',' && type !== null && type !== 'd') {
    throw new PyFormatError(`Cannot specify ',' with '${type}'.`);
  }
  if (spec.grouping !== null) digits = group(digits, spec.grouping, every);
  return pad(spec, signText(negative, spec.sign) + prefix, digits, '>', raw);
}

function formatStr(s: string, spec: Spec): string {
  if (spec.type !== null && spec.type !== 's') throw new PyFormatError(`Unknown format code '${spec.type}' for object of type 'str'`);
  if (spec.sign !== null) throw new PyFormatError('Sign not allowed in string format specifier');
  if (spec.alt) throw new PyFormatError('Alternate form (#) not allowed in string format specifier');
  if (spec.align === '=') throw new PyFormatError("'=' alignment not allowed in string format specifier");
  if (spec.grouping !== null) throw new PyFormatError(`Cannot specify '${spec.grouping}' with 's'.`);
  const text = spec.precision !== null ? [...s].slice(0, spec.precision).join('') : s;
  // A leading '0' on a string means fill '0' aligned left unless an alignment is given.
  const eff: Spec = spec.zero && spec.align === null ? { ...spec, zero: false, fill: '0', align: '<' } : spec;
  return pad(eff, '', text, '<', '');
}

/**
 * `format(value, spec)`. A JS number is a Python float unless `kind` says 'int'; a bigint is an
 * int; a boolean is a bool (formatted as its int for any non-empty spec, like Python).
 */
export function formatSpec(value: number | bigint | string | boolean, spec: string, kind: 'float' | 'int' = 'float'): string {
  if (typeof value === 'string') {
    return spec === '' ? value : formatStr(value, parseSpec(spec));
  }
  if (typeof value === 'boolean') {
    if (spec === '') return pyBoolRepr(value);
    return formatInt(value ? 1n : 0n, parseSpec(spec), spec, 'bool');
  }
  if (typeof value === 'bigint' || kind === 'int') {
    if (typeof value === 'number' && !Number.isInteger(value)) throw new TypeError(`formatSpec: ${value} is not an int`);
    const n = BigInt(value);
    return spec === '' ? n.toString() : formatInt(n, parseSpec(spec), spec);
  }
  if (spec === '') return pyFloatRepr(value);
  return formatFloat(value, parseSpec(spec), spec);
}
