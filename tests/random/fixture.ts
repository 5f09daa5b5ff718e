import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type DType = 'float32' | 'float64';

export interface SingleCase { seed: string; op: 'rand' | 'randn'; n: number; dtype: DType; values: number[] }
export interface Step { op: 'rand' | 'randn' | 'randint'; n: number; dtype: DType | 'int64'; low?: number; high?: number; values: number[] }
export interface SequenceCase { seed: string; steps: Step[] }
export interface ShapedCase { seed: string; op: 'rand' | 'randn' | 'rand_like' | 'randn_like'; shape: number[]; numel: number; dtype: DType; values: number[] }
export interface RandomFixture {
  torch_version: string;
  cpu_capability: string;
  seeds: { seed: string; initial_seed: string }[];
  single: SingleCase[];
  sequences: SequenceCase[];
  shaped: ShapedCase[];
  docs: { rand5_seed0: string; randn3_seed0: string; fresh_generator_seed: string; fresh_generator_rand4: number[] };
  libm: Record<'log' | 'sin' | 'cos', [string, string][]>;
}

export function loadRandomFixture(): RandomFixture {
  const path = fileURLToPath(new URL('../oracle/fixtures/random.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as RandomFixture;
}

/** Bit pattern of a value as stored in the given dtype: equal bits means bit-exact. */
export function bitsOf(v: number, dtype: DType): string {
  if (dtype === 'float32') {
    const a = new Float32Array([v]);
    return new Uint32Array(a.buffer)[0].toString(16);
  }
  const a = new Float64Array([v]);
  const u = new BigUint64Array(a.buffer);
  return u[0].toString(16);
}
