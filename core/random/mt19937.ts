/**
 * 32-bit Mersenne Twister exactly as PyTorch's `at::mt19937` (aten/src/ATen/core/MT19937RNGEngine.h):
 * Cokus's variant of mt19937ar with `left`/`next` counters, seeded from the low 32 bits of a 64-bit seed.
 * The counters matter: they are part of the reproducible state PyTorch saves.
 */

export const MT_STATE_N = 624;
const MT_STATE_M = 397;
const MATRIX_A = 0x9908b0df;
const UMASK = 0x80000000;
const LMASK = 0x7fffffff;

/** Plain-data snapshot of the engine (mirrors `mt19937_data_pod`). */
export interface Mt19937State {
  /** The full 64-bit seed as a decimal string (JSON cannot hold uint64 exactly). */
  seed: string;
  left: number;
  next: number;
  state: number[];
}

export class Mt19937 {
  #seed = 0n;
  #left = 1;
  #next = 0;
  readonly #state = new Uint32Array(MT_STATE_N);

  constructor(seed: bigint = 5489n) {
    this.seedWith(seed);
  }

  /** `init_with_uint32`: only the low 32 bits feed the state; the full seed is remembered. */
  seedWith(seed: bigint): void {
    this.#seed = BigInt.asUintN(64, seed);
    const s = this.#state;
    s[0] = Number(this.#seed & 0xffffffffn);
    for (let j = 1; j < MT_STATE_N; j++) {
      const prev = s[j - 1];
      s[j] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + j) >>> 0;
    }
    this.#left = 1;
    this.#next = 0;
  }

  get seed(): bigint {
    return this.#seed;
  }

  /** Next tempered 32-bit output, as an unsigned number. */
  nextUint32(): number {
    if (--this.#left === 0) this.#nextState();
    let y = this.#state[this.#next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  #nextState(): void {
    const s = this.#state;
    this.#left = MT_STATE_N;
    this.#next = 0;
    const twist = (u: number, v: number): number =>
      (((u & UMASK) | (v & LMASK)) >>> 1) ^ (v & 1 ? MATRIX_A : 0);
    let p = 0;
    for (; p < MT_STATE_N - MT_STATE_M; p++) s[p] = s[p + MT_STATE_M] ^ twist(s[p], s[p + 1]);
    for (; p < MT_STATE_N - 1; p++) s[p] = s[p + MT_STATE_M - MT_STATE_N] ^ twist(s[p], s[p + 1]);
    s[p] = s[p + MT_STATE_M - MT_STATE_N] ^ twist(s[p], s[0]);
  }

  getState(): Mt19937State {
    return { seed: this.#seed.toString(), left: this.#left, next: this.#next, state: Array.from(this.#state) };
  }

  setState(st: Mt19937State): void {
    // Same validity rule as `mt19937_engine::is_valid`.
    if (st.state.length !== MT_STATE_N || !(st.left > 0 && st.left <= MT_STATE_N) || !(st.next >= 0 && st.next <= MT_STATE_N)) {
      throw new Error('Invalid mt19937 state');
    }
    this.#seed = BigInt.asUintN(64, BigInt(st.seed));
    this.#left = st.left;
    this.#next = st.next;
    this.#state.set(st.state.map((v) => v >>> 0));
  }
}
