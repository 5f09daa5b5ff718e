import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSpec, PyFormatError, pyFloatRepr, pyIntRepr, pyStrRepr } from '../../core/print/py_repr';
import { loadFixture } from './fixture';

interface FormatCase {
  kind: 'float' | 'int' | 'str' | 'bool';
  value: string | number | boolean;
  spec: string;
  out?: string;
  error?: string;
  message?: string;
}
interface PyReprFixture {
  floats: { bits: string; repr: string; str: string }[];
  formats: FormatCase[];
  strings: { value: string; repr: string }[];
  ints: { value: string; repr: string }[];
  item: { bits: string; print: string }[];
}

const fx = loadFixture<PyReprFixture>('py_repr.json');

function fromBits(hex: string): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, BigInt('0x' + hex));
  return dv.getFloat64(0);
}

function value(c: FormatCase): number | bigint | string | boolean {
  if (c.kind === 'float') return fromBits(c.value as string);
  if (c.kind === 'int') return BigInt(c.value as number);
  return c.value as string | boolean;
}

describe('pyFloatRepr matches CPython repr/str', () => {
  it('for every fixture double', () => {
    const bad = fx.floats
      .map((c) => ({ c, got: pyFloatRepr(fromBits(c.bits)) }))
      .filter(({ c, got }) => got !== c.repr || got !== c.str)
      .map(({ c, got }) => `${c.bits}: got ${got} want ${c.repr}`);
    expect(bad).toEqual([]);
  });

  it('item() of float32 tensors prints the double of the float32', () => {
    for (const c of fx.item) expect(pyFloatRepr(fromBits(c.bits))).toBe(c.print);
    expect(pyFloatRepr(Math.fround(0.1))).toBe('0.10000000149011612');
  });

  it('round-trips any double (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const s = pyFloatRepr(x);
        const back = Number(s.replace(/^(-?)inf$/, '$1Infinity'));
        expect(Object.is(back, x)).toBe(true);
        // Python's exponent rule: fixed notation exactly for 1e-4 <= |x| < 1e16 (and zero)
        const a = Math.abs(x);
        const fixed = a === 0 || (a >= 1e-4 && a < 1e16);
        if (Number.isFinite(x)) expect(/e/.test(s)).toBe(!fixed);
        if (fixed && Number.isFinite(x)) expect(s).toMatch(/\.\d+$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('repr of ints and strings', () => {
  it('ints', () => {
    for (const c of fx.ints) expect(pyIntRepr(BigInt(c.value))).toBe(c.repr);
    expect(pyIntRepr(-7)).toBe('-7');
  });
  it('strings choose quotes and escapes like Python', () => {
    for (const c of fx.strings) expect(pyStrRepr(c.value)).toBe(c.repr);
  });
});

describe('formatSpec matches CPython format()', () => {
  it.each(fx.formats.map((c) => [`${c.kind} ${JSON.stringify(c.value)} '${c.spec}'`, c] as const))('%s', (_n, c) => {
    const v = value(c);
    if (c.error !== undefined) {
      let err: unknown = null;
      try {
        formatSpec(v, c.spec);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PyFormatError);
      expect((err as PyFormatError).pyType).toBe(c.error);
      expect((err as PyFormatError).message).toBe(c.message);
    } else {
      expect(formatSpec(v, c.spec)).toBe(c.out);
    }
  });

  it('a JS number can be formatted as a Python int', () => {
    expect(formatSpec(1234567, ',', 'int')).toBe(fx.formats.find((c) => c.kind === 'int' && c.value === 1234567 && c.spec === ',')?.out);
  });

  it('unsupported specs fail with a clear message', () => {
    expect(() => formatSpec(1.5, 'n')).toThrow(/does not support/);
    expect(() => formatSpec(1.5, '{')).toThrow(PyFormatError);
  });
});
