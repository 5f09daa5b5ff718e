/**
 * Shape-preserving downsampling for chart series, so a 10^5-element leaf
 * still draws smoothly: LTTB (largest triangle three buckets) for curves
 * over a value axis, min/max per bucket for series over the element index.
 */

export interface Downsampled {
  readonly from: number;
  readonly to: number;
  readonly method: 'lttb' | 'minmax';
}

/** Series longer than this are downsampled. */
export const DOWNSAMPLE_THRESHOLD = 10_000;
/** Points kept when downsampling. */
export const DOWNSAMPLE_TARGET = 2_000;

/** Indices LTTB keeps out of n points (x ascending), always the first and last. */
export function lttbIndices(x: ArrayLike<number>, y: ArrayLike<number>, target: number): number[] {
  const n = x.length;
  if (target >= n || target < 3) return Array.from({ length: n }, (_, i) => i);
  const kept = [0];
  const bucket = (n - 2) / (target - 2);
  let a = 0;
  for (let b = 0; b < target - 2; b++) {
    // The average of the next bucket is the third triangle vertex.
    const nextStart = Math.floor((b + 1) * bucket) + 1;
    const nextEnd = Math.min(Math.floor((b + 2) * bucket) + 1, n);
    let avgX = 0;
    let avgY = 0;
    let count = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      if (!Number.isFinite(y[i])) continue;
      avgX += x[i];
      avgY += y[i];
      count++;
    }
    if (count > 0) {
      avgX /= count;
      avgY /= count;
    } else {
      avgX = x[Math.min(nextStart, n - 1)];
      avgY = 0;
    }
    const start = Math.floor(b * bucket) + 1;
    const end = Math.floor((b + 1) * bucket) + 1;
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((x[a] - avgX) * (y[i] - y[a]) - (x[a] - x[i]) * (avgY - y[a]));
      if (area > bestArea || (bestArea < 0 && !Number.isFinite(area))) {
        bestArea = Number.isFinite(area) ? area : bestArea;
        best = i;
      }
    }
    kept.push(best);
    a = best;
  }
  kept.push(n - 1);
  return kept;
}

/** Indices of the min and max of y in each of target/2 buckets, in x order. */
export function minMaxIndices(y: ArrayLike<number>, target: number): number[] {
  const n = y.length;
  if (target >= n) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(target / 2));
  const kept: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    let lo = start;
    let hi = start;
    for (let i = start; i < end; i++) {
      if (y[i] < y[lo] || Number.isNaN(y[lo])) lo = i;
      if (y[i] > y[hi] || Number.isNaN(y[hi])) hi = i;
    }
    if (lo === hi) kept.push(lo);
    else kept.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  return kept;
}
