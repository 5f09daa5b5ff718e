import { describe, expect, it } from 'vitest';
import { Generator } from '../../core/random/generator';
import { bitsOf, loadRandomFixture, type DType } from './fixture';

const fx = loadRandomFixture();

function mismatches(got: ArrayLike<number>, want: number[], dtype: DType): string[] {
  const out: string[] = [];
  if (got.length !== want.length) return [`length ${got.length} != ${want.length}`];
  for (let i = 0; i < want.length; i++) {
    if (bitsOf(got[i], dtype) !== bitsOf(want[i], dtype)) out.push(`[${i}] got ${got[i]} want ${want[i]}`);
  }
  return out;
}

describe('Generator against PyTorch 1.13 CPU generator', () => {
  it('initial_seed after manual_seed wraps to uint64 like torch', () => {
    for (const s of fx.seeds) {
      const g = new Generator(0);
      g.manualSeed(BigInt(s.seed));
      expect(g.initialSeed().toString()).toBe(s.initial_seed);
    }
  });

  for (const op of ['rand', 'randn'] as const) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${op} ${dtype}: every seed and size is bit-exact`, () => {
        const bad: string[] = [];
        for (const c of fx.single.filter((c) => c.op === op && c.dtype === dtype)) {
          const g = new Generator(BigInt(c.seed));
          const got = g[op](c.n, dtype);
          expect(got).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
          for (const m of mismatches(got, c.values, dtype)) bad.push(`seed ${c.seed} n=${c.n} ${m}`);
        }
        expect(bad.slice(0, 10), `${bad.length} mismatching values`).toEqual([]);
      });
    }
  }

  it('consecutive calls carry the twister position and the cached normal sample', () => {
    const bad: string[] = [];
    for (const c of fx.sequences) {
      const g = new Generator(BigInt(c.seed));
      c.steps.forEach((s, k) => {
        const got = s.op === 'randint' ? g.randint(s.low!, s.high!, s.n) : g[s.op](s.n, s.dtype as DType);
        const dtype: DType = s.dtype === 'float32' ? 'float32' : 'float64';
        for (const m of mismatches(got, s.values, dtype)) bad.push(`seed ${c.seed} step ${k} ${s.op}(${s.n}, ${s.dtype}) ${m}`);
      });
    }
    expect(bad.slice(0, 10), `${bad.length} mismatching values`).toEqual([]);
  });

  it('shaped draws and rand_like/randn_like equal a flat draw of numel', () => {
    const bad: string[] = [];
    for (const c of fx.shaped) {
      const g = new Generator(BigInt(c.seed));
      const got = c.op.startsWith('randn') ? g.randn(c.numel, c.dtype) : g.rand(c.numel, c.dtype);
      for (const m of mismatches(got, c.values, c.dtype)) bad.push(`seed ${c.seed} ${c.op}${JSON.stringify(c.shape)} ${m}`);
    }
    expect(bad.slice(0, 10), `${bad.length} mismatching values`).toEqual([]);
  });

  it('documented anchors: manual_seed(0) then rand(5) / randn(3)', () => {
    // torch.manual_seed(0); torch.rand(5)  -> tensor([0.4963, 0.7682, 0.0885, 0.1320, 0.3074])
    // torch.manual_seed(0); torch.randn(3) -> tensor([ 1.5410, -0.2934, -2.1788])
    const g = new Generator(0);
    const r = Array.from(g.rand(5, 'float32'), (v) => v.toFixed(4));
    expect(`tensor([${r.join(', ')}])`).toBe(fx.docs.rand5_seed0);
    g.manualSeed(0);
    const n = Array.from(g.randn(3, 'float32'), (v) => v.toFixed(4));
    expect(n).toEqual(['1.5410', '-0.2934', '-2.1788']);
    expect(fx.docs.randn3_seed0).toBe('tensor([ 1.5410, -0.2934, -2.1788])');
  });
});
