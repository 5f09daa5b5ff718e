/**
 * PyTorch's CPU generator (`at::CPUGeneratorImpl`, PyTorch 1.13) and the CPU kernels of
 * `rand`, `randn` and `randint`, reproduced draw for draw:
 * - uniform float32 takes the low 24 bits of one 32-bit draw; float64 the low 53 bits of a
 *   64-bit draw made of two 32-bit draws, the first being the high word (`uniform_real`);
 * - randn of fewer than 16 elements (or float64 of any size below 16) runs `normal_distribution<double>`:
 *   Box–Muller on two float64 uniforms whose sine half is cached in the generator for the next call;
 * - randn of 16 or more elements runs `normal_fill`: all uniforms first, Box–Muller on blocks of 16
 *   (lanes j and j+8 pair up), and a fresh refill of the last 16 when the count is not a multiple of 16.
 *   float32 uses the AVX2 kernel (Cephes float polynomials), which is what PyTorch dispatches to on
 *   any x86-64 CPU with AVX2.
 * Anchors (PyTorch 1.13): `torch.manual_seed(0); torch.rand(5)` gives
 * tensor([0.4963, 0.7682, 0.0885, 0.1320, 0.3074]) and `torch.manual_seed(0); torch.randn(3)` gives
 * tensor([ 1.5410, -0.2934, -2.1788]); tests/random checks these and thousands more, bit for bit.
 * `nextFloatNormal` mirrors PyTorch's float cache; rand/randn never fill it, but it is part of the state.
 */
import { Mt19937, type Mt19937State } from './mt19937';
import { fmaf, log256, sincos256 } from './avx2_mathfun';
import { fma } from './fma';
import { libmCos, libmLog, libmSin } from './libm';

export type FloatDType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

/** PyTorch's `default_rng_seed_val`, the seed of a generator created without one. */
export const DEFAULT_RNG_SEED = 67280421310721n;

/** Everything needed to continue a stream exactly where it was. JSON-safe. */
export interface GeneratorState {
  engine: Mt19937State;
  nextDoubleNormal: number | null;
  nextFloatNormal: number | null;
}

const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M53 = 2 ** -53;
const TWO_PI_F32 = Math.fround(2 * Math.PI);
const TWO_PI = 2.0 * Math.PI;

function toSeed(seed: number | bigint): bigint {
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed)) throw new TypeError(`manual_seed expected an integer seed, got ${seed}`);
    seed = BigInt(seed);
  }
  // torch.manual_seed(-1) wraps to 2**64 - 1, as the C++ side reinterprets int64 as uint64.
  return BigInt.asUintN(64, seed);
}

export class Generator {
  readonly #engine: Mt19937;
  #nextDoubleNormal: number | null = null;
  #nextFloatNormal: number | null = null;

  constructor(seed: number | bigint = DEFAULT_RNG_SEED) {
    this.#engine = new Mt19937(toSeed(seed));
  }

  /** `torch.manual_seed` / `Generator.manual_seed`: reseeds and drops the cached normal samples. */
  manualSeed(seed: number | bigint): this {
    this.#engine.seedWith(toSeed(seed));
    this.#nextDoubleNormal = null;
    this.#nextFloatNormal = null;
    return this;
  }

  /** `torch.initial_seed()`: the full 64-bit seed last set. */
  initialSeed(): bigint {
    return this.#engine.seed;
  }

  /** One raw 32-bit draw (`CPUGeneratorImpl::random`). */
  random32(): number {
    return this.#engine.nextUint32();
  }

  /** 64-bit draw as [hi, lo] (`random64`: first 32-bit draw is the high word). */
  #random64(): [number, number] {
    const hi = this.#engine.nextUint32();
    const lo = this.#engine.nextUint32();
    return [hi, lo];
  }

  #uniformFloat32(): number {
    return (this.#engine.nextUint32() & 0xffffff) * TWO_POW_M24;
  }

  #uniformFloat64(): number {
    const [hi, lo] = this.#random64();
    return ((hi & 0x1fffff) * 4294967296 + lo) * TWO_POW_M53;
  }

  /** `torch.rand(n, dtype=...)`: uniform [0, 1). */
  rand(n: number, dtype: FloatDType = 'float32'): FloatArray {
    checkCount(n);
    if (dtype === 'float32') {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = this.#uniformFloat32();
      return out;
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.#uniformFloat64();
    return out;
  }

  /** `torch.randn(n, dtype=...)` for a contiguous result of n elements. */
  randn(n: number, dtype: FloatDType = 'float32'): FloatArray {
    return this.normal(n, dtype, 0, 1);
  }

  /**
   * `torch.normal(mean, std, (n,))` (`normal_` on CPU): randn's two paths,
   * each scaling as PyTorch's kernel does: `fmadd(n, std, mean)` in the AVX2
   * float fill, `n * std + mean` in double otherwise.
   */
  normal(n: number, dtype: FloatDType, mean: number, std: number): FloatArray {
    checkCount(n);
    if (n >= 16) return dtype === 'float32' ? this.#normalFillFloat32(n, mean, std) : this.#normalFillFloat64(n, mean, std);
    const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = fma(this.#normalDouble(), std, mean);
    return out;
  }

  /**
   * `torch.randint(low, high, (n,))` for int64: `(draw % range) + low`, with a 64-bit draw
   * once the range reaches 2**32. Values are returned as numbers (exact below 2**53).
   */
  randint(low: number, high: number, n: number): Float64Array {
    checkCount(n);
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) throw new RangeError('randint bounds must be safe integers');
    if (!(high > low)) throw new RangeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
    const range = high - low;
    const out = new Float64Array(n);
    if (range < 2 ** 32) {
      for (let i = 0; i < n; i++) out[i] = (this.#engine.nextUint32() % range) + low;
    } else {
      const r = BigInt(range);
      for (let i = 0; i < n; i++) {
        const [hi, lo] = this.#random64();
        out[i] = Number(((BigInt(hi) << 32n) | BigInt(lo)) % r) + low;
      }
    }
    return out;
  }

  /** `at::normal_distribution<double>` with mean 0, std 1, sharing the cached sine sample. */
  #normalDouble(): number {
    if (this.#nextDoubleNormal !== null) {
      const cached = this.#nextDoubleNormal;
      this.#nextDoubleNormal = null;
      return cached;
    }
    const u1 = this.#uniformFloat64();
    const u2 = this.#uniformFloat64();
    const r = Math.sqrt(-2.0 * libmLog(1.0 - u2));
    const theta = TWO_PI * u1;
    this.#nextDoubleNormal = r * libmSin(theta);
    return r * libmCos(theta);
  }

  #normalFillFloat32(n: number, mean: number, std: number): Float32Array {
    const data = new Float32Array(n);
    const m = Math.fround(mean);
    const s = Math.fround(std);
    for (let i = 0; i < n; i++) data[i] = this.#uniformFloat32();
    for (let i = 0; i + 16 <= n; i += 16) normalFill16Float32(data, i, m, s);
    if (n % 16 !== 0) {
      // PyTorch redraws the last 16 values (overlapping the previous block) and transforms them.
      for (let i = n - 16; i < n; i++) data[i] = this.#uniformFloat32();
      normalFill16Float32(data, n - 16, m, s);
    }
    return data;
  }

  #normalFillFloat64(n: number, mean: number, std: number): Float64Array {
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = this.#uniformFloat64();
    for (let i = 0; i + 16 <= n; i += 16) normalFill16Float64(data, i, mean, std);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) data[i] = this.#uniformFloat64();
      normalFill16Float64(data, n - 16, mean, std);
    }
    return data;
  }

  getState(): GeneratorState {
    return { engine: this.#engine.getState(), nextDoubleNormal: this.#nextDoubleNormal, nextFloatNormal: this.#nextFloatNormal };
  }

  setState(state: GeneratorState): void {
    this.#engine.setState(state.engine);
    this.#nextDoubleNormal = state.nextDoubleNormal;
    this.#nextFloatNormal = state.nextFloatNormal === null ? null : Math.fround(state.nextFloatNormal);
  }

  clone(): Generator {
    const g = new Generator();
    g.setState(this.getState());
    return g;
  }
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`number of elements must be a non-negative integer, got ${n}`);
}

/** `normal_fill_16_AVX2`: Box–Muller on 8 lanes, then `fmadd(n, std, mean)`. */
function normalFill16Float32(data: Float32Array, at: number, mean: number, std: number): void {
  const f = Math.fround;
  for (let j = 0; j < 8; j++) {
    const u1 = f(1 - data[at + j]);
    const u2 = data[at + j + 8];
    const radius = f(Math.sqrt(f(-2 * log256(u1))));
    const theta = f(TWO_PI_F32 * u2);
    const [sin, cos] = sincos256(theta);
    data[at + j] = fmaf(f(radius * cos), std, mean);
    data[at + j + 8] = fmaf(f(radius * sin), std, mean);
  }
}

/** `normal_fill_16<double>`: `radius * cos(theta) * std + mean`. */
function normalFill16Float64(data: Float64Array, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[at + j];
    const u2 = data[at + j + 8];
    const radius = Math.sqrt(-2 * libmLog(u1));
    const theta = 2.0 * Math.PI * u2;
    data[at + j] = fma(radius * libmCos(theta), std, mean);
    data[at + j + 8] = fma(radius * libmSin(theta), std, mean);
  }
}

let defaultGen: Generator | null = null;

/**
 * The process-wide generator behind `torch.rand`/`torch.randn`. Like PyTorch, it starts from a
 * nondeterministic 64-bit seed (`initialSeed()` reports it, so a run can be reproduced).
 */
export function defaultGenerator(): Generator {
  if (defaultGen === null) defaultGen = new Generator(nondeterministicSeed());
  return defaultGen;
}

/** `torch.manual_seed(seed)` on the default generator. */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator().manualSeed(seed);
}

function nondeterministicSeed(): bigint {
  // 64 bits from two 32-bit halves; core/ has no access to OS entropy, and none is needed here.
  const hi = BigInt(Math.floor(Math.random() * 2 ** 32));
  const lo = BigInt(Math.floor(Math.random() * 2 ** 32));
  return (hi << 32n) | lo;
}
