import { describe, expect, it } from 'vitest';
import { defaultGenerator, Generator, manualSeed, type GeneratorState } from '../../core/random/generator';
import { loadRandomFixture } from './fixture';

const fx = loadRandomFixture();

describe('generator state', () => {
  it('a never-seeded Generator starts from PyTorch default_rng_seed_val', () => {
    const g = new Generator();
    expect(g.initialSeed().toString()).toBe(fx.docs.fresh_generator_seed);
    expect(Array.from(g.rand(4, 'float32'))).toEqual(fx.docs.fresh_generator_rand4);
  });

  it('getState/setState (through JSON) resumes the stream, cached normal sample included', () => {
    const g = new Generator(42);
    g.randn(3, 'float32'); // leaves a cached Box-Muller sample
    g.rand(700, 'float32'); // crosses a twister refill
    const saved = JSON.parse(JSON.stringify(g.getState())) as GeneratorState;
    expect(saved.nextDoubleNormal).not.toBeNull();
    const a = [g.randn(1, 'float64')[0], ...g.randn(20, 'float32'), ...g.rand(5, 'float64')];
    const h = new Generator(7);
    h.setState(saved);
    const b = [h.randn(1, 'float64')[0], ...h.randn(20, 'float32'), ...h.rand(5, 'float64')];
    expect(b).toEqual(a);
    expect(h.initialSeed()).toBe(42n);
    const c = g.clone();
    expect(Array.from(c.rand(3, 'float64'))).toEqual(Array.from(g.rand(3, 'float64')));
  });

  it('setState refuses an invalid twister state like PyTorch', () => {
    const st = new Generator(1).getState();
    expect(() => new Generator().setState({ ...st, engine: { ...st.engine, left: 0 } })).toThrow('Invalid mt19937 state');
  });

  it('manualSeed on the default generator matches torch.manual_seed', () => {
    manualSeed(0);
    const single = fx.single.find((c) => c.seed === '0' && c.op === 'rand' && c.n === 5 && c.dtype === 'float32');
    expect(Array.from(defaultGenerator().rand(5, 'float32'))).toEqual(single?.values);
    expect(defaultGenerator().initialSeed()).toBe(0n);
  });

  it('rejects bad counts and seeds', () => {
    const g = new Generator();
    expect(() => g.rand(-1, 'float32')).toThrow(RangeError);
    expect(() => g.manualSeed(1.5)).toThrow(TypeError);
  });
});
