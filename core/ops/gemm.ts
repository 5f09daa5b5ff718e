/**
 * Dense matrix products on flat row-major arrays, accumulating into `c`
 * (which the caller zero-fills). Three layouts cover forward and backward of
 * mm without materialising a transpose:
 *   nn: C[m,n] += A[m,k]   B[k,n]    (forward)
 *   nt: C[m,n] += A[m,k]   B[n,k]ᵀ   (grad of A: G Bᵀ)
 *   tn: C[m,n] += A[k,m]ᵀ  B[k,n]    (grad of B: Aᵀ G)
 *
 * PyTorch's CPU build (BLAS_INFO=generic: the reference BLAS) computes every
 * output element as a sum over the inner index in ascending order, starting
 * from zero, each product and each partial sum rounded to the dtype (no fused
 * multiply-add). Checked against torch 1.13 for mm, mv, dot and bmm in every
 * operand layout, from 3x2 up to 256x256 (tests/oracle/gen_matmul_exact.py).
 *
 * - float64: the adds stay in k order (`c + p0 + p1`, never `c + (p0 + p1)`),
 *   so the fast kernels are exact at every size.
 * - float32: exactness needs Math.fround after every product and every add,
 *   two float conversions per product, which V8 cannot fuse into float32
 *   arithmetic. That stays below the plain i-k-j loop's time but not below
 *   half of it, so products of more than EXACT_FLOAT32_WORK multiply-adds take
 *   the double-accumulating kernels (within a few float32 ulps of PyTorch).
 *
 * Blocking keeps a panel of B in cache across rows of A; the inner loops are
 * unrolled by four so V8 keeps the partial sums in registers. Neither changes
 * the order of the adds for any one output element.
 */
type Mat = Float32Array | Float64Array;

const ROW_BLOCK = 32;
const DEPTH_BLOCK = 128;
const fl = Math.fround;

/** About 160³: such a float32 product takes a few milliseconds exactly rounded. */
export const EXACT_FLOAT32_WORK = 1 << 22;

function exactFloat32(c: Mat, m: number, k: number, n: number): c is Float32Array {
  return c instanceof Float32Array && m * k * n <= EXACT_FLOAT32_WORK;
}

export function gemmNN(a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
  if (exactFloat32(c, m, k, n)) nnF32(a, b, c, m, k, n);
  else nnDouble(a, b, c, m, k, n);
}

export function gemmNT(a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
  if (exactFloat32(c, m, k, n)) ntF32(a, b, c, m, k, n);
  else ntDouble(a, b, c, m, k, n);
}

export function gemmTN(a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
  if (exactFloat32(c, m, k, n)) tnF32(a, b, c, m, k, n);
  else tnDouble(a, b, c, m, k, n);
}

/** Σ_p a[p] b[p] in p order, rounded like the reference BLAS dot. */
export function dotProduct(a: Mat, b: Mat, n: number): number {
  let s = 0;
  if (a instanceof Float32Array) {
    for (let p = 0; p < n; p++) s = fl(s + fl(a[p] * b[p]));
  } else {
    for (let p = 0; p < n; p++) s = s + a[p] * b[p];
  }
  return s;
}

function nnF32(a: Mat, b: Mat, c: Float32Array, m: number, k: number, n: number): void {
  for (let k0 = 0; k0 < k; k0 += DEPTH_BLOCK) {
    const k1 = Math.min(k, k0 + DEPTH_BLOCK);
    for (let i0 = 0; i0 < m; i0 += ROW_BLOCK) {
      const i1 = Math.min(m, i0 + ROW_BLOCK);
      for (let i = i0; i < i1; i++) {
        const ci = i * n;
        const ai = i * k;
        let p = k0;
        // Four rows of B per pass: C's row is loaded and stored a quarter as often.
        for (; p + 3 < k1; p += 4) {
          const a0 = a[ai + p], a1 = a[ai + p + 1], a2 = a[ai + p + 2], a3 = a[ai + p + 3];
          const b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
          for (let j = 0; j < n; j++) {
            const s = fl(fl(fl(c[ci + j] + fl(a0 * b[b0 + j])) + fl(a1 * b[b1 + j])) + fl(a2 * b[b2 + j]));
            c[ci + j] = s + fl(a3 * b[b3 + j]);
          }
        }
        for (; p < k1; p++) {
          const av = a[ai + p];
          const bp = p * n;
          for (let j = 0; j < n; j++) c[ci + j] += fl(av * b[bp + j]);
        }
      }
    }
  }
}

/** Accumulates in double in k order: exact for float64, float32 rounded at each store. */
function nnDouble(a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
  for (let k0 = 0; k0 < k; k0 += DEPTH_BLOCK) {
    const k1 = Math.min(k, k0 + DEPTH_BLOCK);
    for (let i0 = 0; i0 < m; i0 += ROW_BLOCK) {
      const i1 = Math.min(m, i0 + ROW_BLOCK);
      for (let i = i0; i < i1; i++) {
        const ci = i * n;
        const ai = i * k;
        let p = k0;
        for (; p + 3 < k1; p += 4) {
          const a0 = a[ai + p], a1 = a[ai + p + 1], a2 = a[ai + p + 2], a3 = a[ai + p + 3];
          const b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
          for (let j = 0; j < n; j++) {
            c[ci + j] = c[ci + j] + a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
          }
        }
        for (; p < k1; p++) {
          const av = a[ai + p];
          const bp = p * n;
          for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
        }
      }
    }
  }
}

function ntF32(a: Mat, b: Mat, c: Float32Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    let j = 0;
    // Four dot products at once share each load of A's row.
    for (; j + 3 < n; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s0 = c[ci + j], s1 = c[ci + j + 1], s2 = c[ci + j + 2], s3 = c[ci + j + 3];
      for (let p = 0; p < k; p++) {
        const av = a[ai + p];
        s0 = fl(s0 + fl(av * b[b0 + p]));
        s1 = fl(s1 + fl(av * b[b1 + p]));
        s2 = fl(s2 + fl(av * b[b2 + p]));
        s3 = fl(s3 + fl(av * b[b3 + p]));
      }
      c[ci + j] = s0;
      c[ci + j + 1] = s1;
      c[ci + j + 2] = s2;
      c[ci + j + 3] = s3;
    }
    for (; j < n; j++) {
      const bj = j * k;
      let s = c[ci + j];
      for (let p = 0; p < k; p++) s = fl(s + fl(a[ai + p] * b[bj + p]));
      c[ci + j] = s;
    }
  }
}

/** Accumulates in double in k order: exact for float64, float32 rounded at each store. */
function ntDouble(a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s0 = c[ci + j], s1 = c[ci + j + 1], s2 = c[ci + j + 2], s3 = c[ci + j + 3];
      for (let p = 0; p < k; p++) {
        const av = a[ai + p];
        s0 += av * b[b0 + p];
        s1 += av * b[b1 + p];
        s2 += av * b[b2 + p];
        s3 += av * b[b3 + p];
      }
      c[ci + j] = s0;
      c[ci + j + 1] = s1;
      c[ci + j + 2] = s2;
      c[ci + j + 3] = s3;
    }
    for (; j < n; j++) {
      const bj = j * k;
      let s = c[ci + j];
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      c[ci + j] = s;
    }
  }
}

function tnF32(a: Mat, b: Mat, c: Float32Array, m: number, k: number, n: number): void {
  for (let i0 = 0; i0 < m; i0 += ROW_BLOCK) {
    const i1 = Math.min(m, i0 + ROW_BLOCK);
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      for (let i = i0; i < i1; i++) {
        const a0 = a[p * m + i], a1 = a[(p + 1) * m + i], a2 = a[(p + 2) * m + i], a3 = a[(p + 3) * m + i];
        const ci = i * n;
        for (let j = 0; j < n; j++) {
          const s = fl(fl(fl(c[ci + j] + fl(a0 * b[b0 + j])) + fl(a1 * b[b1 + j])) + fl(a2 * b[b2 + j]));
          c[ci + j] = s + fl(a3 * b[b3 + j]);
        }
      }
    }
    for (; p < k; p++) {
      const bp = p * n;
      for (let i = i0; i < i1; i++) {
        const av = a[p * m + i];
        const ci = i * n;
        for (let j = 0; j < n; j++) c[ci + j] += fl(av * b[bp + j]);
      }
    }
  }
}

/** Accumulates in double in k order: exact for float64, float32 rounded at each store. */
function tnDouble(a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
  for (let i0 = 0; i0 < m; i0 += ROW_BLOCK) {
    const i1 = Math.min(m, i0 + ROW_BLOCK);
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      for (let i = i0; i < i1; i++) {
        const a0 = a[p * m + i], a1 = a[(p + 1) * m + i], a2 = a[(p + 2) * m + i], a3 = a[(p + 3) * m + i];
        const ci = i * n;
        for (let j = 0; j < n; j++) {
          c[ci + j] = c[ci + j] + a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
        }
      }
    }
    for (; p < k; p++) {
      const bp = p * n;
      for (let i = i0; i < i1; i++) {
        const av = a[p * m + i];
        const ci = i * n;
        for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
      }
    }
  }
}
