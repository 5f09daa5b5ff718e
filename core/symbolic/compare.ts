/**
 * Autograd against the analytic derivative and finite differences, element by
 * element, under a tolerance suited to the leaf's dtype. Every mismatch is
 * reported; nothing is rounded away.
 */
import type { DType } from '../tensor/dtype';

export interface Tolerance {
  readonly rtol: number;
  /** Scaled by max(1, max |autograd|): float32 rounding is relative to the values' size. */
  readonly atol: number;
}

/**
 * float32 autograd carries ~1e-7 relative rounding per op, compounded along a
 * chain; float64 is checked about as tightly as finite differences allow.
 */
export function toleranceFor(dtype: DType): Tolerance {
  return dtype === 'float64' ? { rtol: 1e-6, atol: 1e-8 } : { rtol: 1e-4, atol: 1e-5 };
}

export interface Mismatch {
  readonly index: number;
  readonly against: 'analytic' | 'numeric';
  readonly autograd: number;
  readonly other: number;
  readonly absError: number;
}

export interface ErrorSummary {
  readonly maxAbsError: number;
  readonly maxRelError: number;
  readonly agree: boolean;
}

export interface Comparison extends ErrorSummary {
  readonly analytic: ErrorSummary | null;
  readonly numeric: ErrorSummary | null;
  readonly mismatches: Mismatch[];
  /** Mismatches beyond those listed. */
  readonly moreMismatches: number;
}

const MAX_LISTED = 20;

function relError(a: number, b: number): number {
  const d = Math.abs(a - b);
  if (d === 0) return 0;
  return d / Math.max(Math.abs(a), Math.abs(b));
}

function sameSpecial(a: number, b: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(b)) || (a === b && !Number.isFinite(a));
}

export function compareGradients(
  autograd: ArrayLike<number>,
  analytic: ArrayLike<number> | null,
  numeric: ArrayLike<number> | null,
  /** Elements where the numeric difference is not a derivative (kinks, domain edges, not sampled). */
  skipNumeric: ReadonlySet<number>,
  tol: Tolerance,
  /** The finite differences' own error estimate per element (added to the tolerance against them). */
  numericErrorBound: ArrayLike<number> | null = null,
): Comparison {
  let scale = 1;
  for (let i = 0; i < autograd.length; i++) if (Number.isFinite(autograd[i])) scale = Math.max(scale, Math.abs(autograd[i]));
  const atol = tol.atol * scale;
  const mismatches: Mismatch[] = [];
  let more = 0;
  const check = (other: ArrayLike<number>, against: Mismatch['against'], skip: ReadonlySet<number>, slack: ArrayLike<number> | null): ErrorSummary => {
    let maxAbs = 0;
    let maxRel = 0;
    let agree = true;
    for (let i = 0; i < autograd.length; i++) {
      if (skip.has(i)) continue;
      const a = autograd[i];
      const b = other[i];
      if (sameSpecial(a, b)) continue;
      const d = Math.abs(a - b);
      const bad = !(d <= atol + tol.rtol * Math.abs(b) + 2 * (slack?.[i] ?? 0));
      if (Number.isFinite(d)) {
        maxAbs = Math.max(maxAbs, d);
        maxRel = Math.max(maxRel, relError(a, b));
      } else {
        maxAbs = Infinity;
        maxRel = Infinity;
      }
      if (bad) {
        agree = false;
        if (mismatches.length < MAX_LISTED) mismatches.push({ index: i, against, autograd: a, other: b, absError: d });
        else more++;
      }
    }
    return { maxAbsError: maxAbs, maxRelError: maxRel, agree };
  };
  const a = analytic === null ? null : check(analytic, 'analytic', new Set(), null);
  const n = numeric === null ? null : check(numeric, 'numeric', skipNumeric, numericErrorBound);
  const parts = [a, n].filter((x): x is ErrorSummary => x !== null);
  return {
    analytic: a,
    numeric: n,
    maxAbsError: parts.reduce((m, x) => Math.max(m, x.maxAbsError), 0),
    maxRelError: parts.reduce((m, x) => Math.max(m, x.maxRelError), 0),
    // With neither opinion there is nothing to agree with.
    agree: parts.length > 0 && parts.every((x) => x.agree),
    mismatches,
    moreMismatches: more,
  };
}
