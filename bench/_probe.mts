import * as T from '../core/index';
import * as tf from '@tensorflow/tfjs';
await tf.setBackend('cpu');
function run(dtype: 'float32' | 'float64', n: number) {
const x = T.rand([n], { requiresGrad: true, dtype });
const acc = [0, 0, 0];
for (let i = 0; i < 40; i++) {
  const t0 = performance.now(); x.grad = null; const s = T.sum(T.sub(T.mul(x, x), 5));
  const t1 = performance.now(); T.backward(s);
  const t2 = performance.now(); 
  const g = new (dtype === 'float32' ? Float32Array : Float64Array)(n); const xd = x.data; let q = 0; for (let k = 0; k < n; k++) { const v = xd[k]; q += v * v - 5; g[k] = 2 * v; }
  const t3 = performance.now();
  if (i >= 10) { acc[0] += t1 - t0; acc[1] += t2 - t1; acc[2] += t3 - t2; }
}
console.log(dtype, n, 'fwd', (acc[0]/30).toFixed(2), 'bwd', (acc[1]/30).toFixed(2), 'fused', (acc[2]/30).toFixed(2));
}
run('float32', 1e5); run('float32', 1e6); run('float64', 1e5); run('float64', 1e6); run('float32', 1e6);
const tx = tf.tensor1d(new Float32Array(1e6)); const gf = tf.grad((v: tf.Tensor) => v.mul(v).sub(5).sum()); for (let i = 0; i < 5; i++) tf.tidy(() => { gf(tx).dataSync(); });
run('float32', 1e6); run('float64', 1e6);
