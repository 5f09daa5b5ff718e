import type { DType, Storage } from '../tensor/dtype';
import { allocate, isFloating } from '../tensor/dtype';
import type { Pending } from '../tensor/pending';
import { goesLazy } from '../tensor/pending';
import { broadcastShapes, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import type { ArithCode } from './kernels';
import { fused32, fused64, leftScalar, rightScalar, same, square32, square64 } from './lazy_loops';

/** Elements evaluated per step: small enough that an operand's scratch stays in L1/L2 cache. */
const CHUNK = 4096;
/** Operations inlined into one expression; a deeper chain materializes its operand instead. */
const MAX_COST = 8;

/** One side of a lazy op: stored values, another pending expression, or a number. */
type Term =
  | { readonly kind: 'storage'; readonly values: Storage }
  | { readonly kind: 'pending'; readonly expr: Pending }
  | { readonly kind: 'scalar'; readonly value: number };

function termOf(t: Tensor): Term {
  const p = t.pending;
  if (p !== null && p.cost < MAX_COST) return { kind: 'pending', expr: p };
  return { kind: 'storage', values: t.data };
}

function sourcesOf(t: Term): readonly Storage[] {
  if (t.kind === 'storage') return [t.values];
  return t.kind === 'pending' ? t.expr.sources : [];
}

function costOf(t: Term): number {
  return t.kind === 'pending' ? t.expr.cost : 0;
}

// Scratch for right-hand operands, one per nesting depth and dtype, reused across evaluations.
const scratch: Record<'float32' | 'float64', Storage[]> = { float32: [], float64: [] };
let depth = 0;

/** A scalar step after an op, `v * m + c`, with m = 1 or c = -0 (see lazy_loops.ts). */
interface Post {
  readonly m: number;
  readonly c: number;
}

/** `v op s` for a scalar s as a Post, where that is exact: `v - s` is `v + (-s)`; division is not a product. */
function postOf(code: ArithCode, s: number): Post | null {
  switch (code) {
    case 'add': return { m: 1, c: s };
    case 'sub': return { m: 1, c: -s };
    case 'mul': return { m: s, c: -0 };
    case 'div': return null;
  }
}

/**
 * `a op b` evaluated on demand, optionally followed by one scalar step. The
 * loops write into a typed array of the result dtype, so every element
 * rounds exactly as the eager op's would.
 */
class ArithExpr implements Pending {
  readonly sources: readonly Storage[];
  readonly cost: number;

  constructor(
    private readonly code: ArithCode,
    private readonly a: Term,
    private readonly b: Term,
    private readonly dtype: 'float32' | 'float64',
    private readonly post: Post | null = null,
  ) {
    this.sources = [...new Set([...sourcesOf(a), ...sourcesOf(b)])];
    this.cost = 1 + costOf(a) + costOf(b) + (post === null ? 0 : 1);
  }

  /** This op with `op s` fused after it, when both fit one pass over stored operands. */
  then(code: ArithCode, s: number): ArithExpr | null {
    const post = postOf(code, s);
    if (post === null || this.post !== null || this.a.kind !== 'storage' || this.b.kind === 'pending') return null;
    return new ArithExpr(this.code, this.a, this.b, this.dtype, post);
  }

  evaluate(start: number, len: number, out: Storage, at: number): void {
    for (let done = 0; done < len; done += CHUNK) this.chunk(start + done, Math.min(CHUNK, len - done), out, at + done);
  }

  private chunk(start: number, len: number, out: Storage, at: number): void {
    const { a, b, code, post } = this;
    if (code === 'mul' && a.kind === 'storage' && b.kind === 'storage' && a.values === b.values) {
      // -0 is the identity for +, so a square without a scalar step is the same loop.
      (this.dtype === 'float32' ? square32 : square64)(a.values, start, out, at, len, post?.m ?? 1, post?.c ?? -0);
      return;
    }
    if (post !== null && a.kind === 'storage') {
      const loops = this.dtype === 'float32' ? fused32 : fused64;
      if (b.kind === 'storage') loops.same[code](a.values, start, b.values, start, out, at, len, post.m, post.c);
      else if (b.kind === 'scalar') loops.right[code](a.values, start, b.value, out, at, len, post.m, post.c);
      return;
    }
    if (a.kind === 'scalar') {
      if (b.kind === 'scalar') out.fill(arith(code, a.value, b.value), at, at + len);
      else if (b.kind === 'storage') leftScalar[code](a.value, b.values, start, out, at, len);
      else {
        b.expr.evaluate(start, len, out, at);
        leftScalar[code](a.value, out, at, out, at, len);
      }
      return;
    }
    // A pending left operand is computed straight into the output, then combined with the right in place.
    if (a.kind === 'pending') {
      a.expr.evaluate(start, len, out, at);
      this.combine(out, at, start, len, out, at);
    } else {
      this.combine(a.values, start, start, len, out, at);
    }
  }

  /** out[at + i] = av[ao + i] op b[start + i]. */
  private combine(av: Storage, ao: number, start: number, len: number, out: Storage, at: number): void {
    const { b, code } = this;
    if (b.kind === 'scalar') rightScalar[code](av, ao, b.value, out, at, len);
    else if (b.kind === 'storage') same[code](av, ao, b.values, start, out, at, len);
    else {
      const pool = scratch[this.dtype];
      const s = (pool[depth] ??= allocate(this.dtype, CHUNK));
      depth++;
      try {
        b.expr.evaluate(start, len, s, 0);
      } finally {
        depth--;
      }
      same[code](av, ao, s, 0, out, at, len);
    }
  }
}

function arith(code: ArithCode, x: number, y: number): number {
  switch (code) {
    case 'add': return x + y;
    case 'sub': return x - y;
    case 'mul': return x * y;
    case 'div': return x / y;
  }
}

/**
 * The lazy form of an arithmetic op on operands already in the result dtype,
 * or null where the eager kernel must run: small results, integer or bool
 * dtypes, and broadcasting other than against a single element.
 */
export function lazyArith(code: ArithCode, x: Tensor, y: Tensor, dtype: DType): Tensor | null {
  if (!isFloating(dtype) || x.dtype !== dtype || y.dtype !== dtype) return null;
  const f = dtype as 'float32' | 'float64';
  if (sameShape(x.shape, y.shape)) {
    if (!goesLazy(x.numel, true)) return null;
    return new Tensor(new ArithExpr(code, termOf(x), termOf(y), f), x.shape, dtype);
  }
  if (x.numel !== 1 && y.numel !== 1) return null;
  const shape = broadcastShapes(x.shape, y.shape);
  const n = shape.reduce((p, s) => p * s, 1);
  if (!goesLazy(n, true)) return null;
  if (y.numel === 1 && n === x.numel) {
    const p = x.pending;
    const fused = p instanceof ArithExpr && p.cost < MAX_COST ? p.then(code, y.data[0]) : null;
    return new Tensor(fused ?? new ArithExpr(code, termOf(x), { kind: 'scalar', value: y.data[0] }, f), shape, dtype);
  }
  if (x.numel === 1 && n === y.numel) return new Tensor(new ArithExpr(code, { kind: 'scalar', value: x.data[0] }, termOf(y), f), shape, dtype);
  return null;
}
