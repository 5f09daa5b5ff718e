/**
 * Dense matrix products on flat row-major arrays, accumulating into `c`
 * (which the caller zero-fills). Three layouts cover forward and backward of
 * mm without materialising a transpose:
 *   nn: C[m,n] += A[m,k]   B[k,n]    (forward)
 *   nt: C[m,n] += A[m,k]   B[n,k]ᵀ   (grad of A: G Bᵀ)
 *   tn: C[m,n] += A[k,m]ᵀ  B[k,n]    (grad of B: Aᵀ G)
 * Blocking keeps a panel of B in cache across rows of A; the inner loops are
 * unrolled by four so V8 keeps the partial sums in registers.
 */
type Mat = Float32Array | Float64Array;

const ROW_BLOCK = 32;
const DEPTH_BLOCK = 128;

export function gemmNN(a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
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
            c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
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

export function gemmNT(a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    let j = 0;
    // Four dot products at once share each load of A's row.
    for (; j + 3 < n; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const av = a[ai + p];
        s0 += av * b[b0 + p];
        s1 += av * b[b1 + p];
        s2 += av * b[b2 + p];
        s3 += av * b[b3 + p];
      }
      c[ci + j] += s0;
      c[ci + j + 1] += s1;
      c[ci + j + 2] += s2;
      c[ci + j + 3] += s3;
    }
    for (; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      c[ci + j] += s;
    }
  }
}

export function gemmTN(a: Mat, b: Mat, c: Mat, m: number, k: number, n: number): void {
  for (let i0 = 0; i0 < m; i0 += ROW_BLOCK) {
    const i1 = Math.min(m, i0 + ROW_BLOCK);
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      for (let i = i0; i < i1; i++) {
        const a0 = a[p * m + i], a1 = a[(p + 1) * m + i], a2 = a[(p + 2) * m + i], a3 = a[(p + 3) * m + i];
        const ci = i * n;
        for (let j = 0; j < n; j++) {
          c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
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
