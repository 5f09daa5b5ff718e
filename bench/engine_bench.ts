// Engine figures for issue 2: forward + backward of `(x*x - 5).sum()` and of
// `C = A @ B; C.sum()`, each against the practical limit (a hand-fused loop,
// or a plain i-k-j matmul) and against tfjs on its CPU backend, in one run.
import * as tf from '@tensorflow/tfjs';
import * as T from '../core/index';

export interface Figure {
  ms: number;
  limit_ms: number;
  ratio_to_limit: number;
  peer_ms: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Medians of two workloads timed alternately, run by run, so a drift in the
 * machine's state (another tenant, the allocator, the GC) lands on both.
 */
function timePair(runs: number, a: () => void, b: () => void): [number, number] {
  a();
  b();
  a();
  b();
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    a();
    ta.push(performance.now() - t0);
    t0 = performance.now();
    b();
    tb.push(performance.now() - t0);
  }
  return [median(ta), median(tb)];
}

function timeIt(runs: number, fn: () => void): number {
  fn();
  fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

type Float = Float32Array | Float64Array;

/** The fused loop: value and gradient in one pass, one gradient array, as the anchors measured. */
function fusedElementwise(x: Float): number {
  const g = new (x.constructor as Float64ArrayConstructor)(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    s += v * v - 5;
    g[i] = 2 * v;
  }
  return s + g[0];
}

function elementwise(n: number, dtype: 'float32' | 'float64', runs: number): Figure {
  const x = T.rand([n], { dtype, requiresGrad: true });
  // The engine evaluates `x*x - 5` lazily into the sum; reading .grad proves the gradient is written out, as the fused loop's is.
  const [ms, limit] = timePair(
    runs,
    () => {
      x.grad = null;
      T.backward(T.sum(T.sub(T.mul(x, x), 5)));
      if (x.grad === null || x.grad.pending !== null || Number.isNaN(x.grad.data[n - 1])) throw new Error('no gradient');
    },
    () => fusedElementwise(x.data as Float),
  );
  const tx = tf.tensor1d(Array.from(x.data), dtype === 'float32' ? 'float32' : 'float32');
  const gradFn = tf.grad((v: tf.Tensor) => v.mul(v).sub(5).sum());
  const peer = timeIt(Math.max(3, Math.floor(runs / 3)), () => tf.tidy(() => { gradFn(tx).dataSync(); }));
  tx.dispose();
  return { ms, limit_ms: limit, ratio_to_limit: ms / limit, peer_ms: peer };
}

/** The plain i-k-j loop for the three products of mm's forward and backward. */
function ikj(a: Float, b: Float, c: Float, m: number, k: number, n: number, ta: boolean, tb: boolean): void {
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = ta ? a[p * m + i] : a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += av * (tb ? b[j * k + p] : b[p * n + j]);
    }
  }
}

function matmul(n: number, runs: number): Figure {
  const A = T.rand([n, n], { requiresGrad: true });
  const B = T.rand([n, n], { requiresGrad: true });
  const a = A.data as Float32Array;
  const b = B.data as Float32Array;
  const [ms, limit] = timePair(
    runs,
    () => {
      A.grad = null;
      B.grad = null;
      T.backward(T.sum(T.mm(A, B)));
    },
    () => {
      const c = new Float32Array(n * n);
      ikj(a, b, c, n, n, n, false, false);
      const g = new Float32Array(n * n).fill(1);
      ikj(g, b, new Float32Array(n * n), n, n, n, false, true);
      ikj(a, g, new Float32Array(n * n), n, n, n, true, false);
    },
  );
  const ta = tf.tensor2d(a, [n, n]);
  const tb = tf.tensor2d(b, [n, n]);
  const grads = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D).sum());
  const peer = timeIt(runs, () => tf.tidy(() => { for (const g of grads([ta, tb])) g.dataSync(); }));
  ta.dispose();
  tb.dispose();
  return { ms, limit_ms: limit, ratio_to_limit: ms / limit, peer_ms: peer };
}

export async function benchEngine(quick = false): Promise<Record<string, Figure>> {
  await tf.setBackend('cpu');
  const r = quick ? 3 : 1;
  return {
    elementwise_1e5_float32: elementwise(1e5, 'float32', Math.ceil(40 / r)),
    elementwise_1e6_float32: elementwise(1e6, 'float32', Math.ceil(15 / r)),
    elementwise_1e5_float64: elementwise(1e5, 'float64', Math.ceil(40 / r)),
    elementwise_1e6_float64: elementwise(1e6, 'float64', Math.ceil(15 / r)),
    matmul_256: matmul(256, Math.ceil(7 / r)),
    matmul_512: matmul(512, Math.ceil(3 / r)),
  };
}
