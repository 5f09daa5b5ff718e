/**
 * The symbolic expression language: tensor-valued expressions over named
 * leaf variables and constants, with every node's shape known.
 *
 * Nodes are hash-consed by an ExprPool, so structurally equal expressions are
 * the same object: `x*x` can become `x**2` by comparing ids, and shared
 * subexpressions (a tensor used twice by a script) stay shared.
 */
import type { DType } from '../tensor/dtype';
import { broadcastShapes, sameShape } from '../tensor/shape';
import type { Coef } from './coef';
import { coefOf, key as coefKey, valueOf } from './coef';

export type UnaryFn =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'relu'
  | 'logsigmoid'
  // Local derivatives of abs and relu: sign(x), and the 0/1 mask (x > 0).
  | 'sign' | 'step';

export type BinaryFn = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'eq';

export type OpName =
  | UnaryFn | BinaryFn
  | 'matmul' | 'outer'
  | 'permute' | 'reshape' | 'expand'
  | 'sum' | 'mean' | 'max' | 'min'
  | 'select' | 'slice'
  // The transpose of select/slice: the gradient placed into zeros of the input's shape.
  | 'embed'
  // F.binary_cross_entropy_with_logits elementwise (reduction 'none'): [input, target, weight?, pos_weight?].
  | 'bce_logits';

export const UNARY_FNS: readonly UnaryFn[] = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'logsigmoid', 'sign', 'step'];
export const BINARY_FNS: readonly BinaryFn[] = ['add', 'sub', 'mul', 'div', 'pow', 'eq'];

export function isUnary(op: OpName): op is UnaryFn {
  return (UNARY_FNS as readonly string[]).includes(op);
}

export function isBinary(op: OpName): op is BinaryFn {
  return (BINARY_FNS as readonly string[]).includes(op);
}

/** Elementwise ops commute with broadcasting; the simplifier relies on it. */
export function isElementwise(op: OpName): boolean {
  return isUnary(op) || isBinary(op) || op === 'bce_logits';
}

export interface OpAttrs {
  /** permute: the permutation; sum/mean: reduced dims (null = all). */
  readonly dims?: readonly number[] | null;
  readonly keepdim?: boolean;
  /** reshape: which method the script called (view, unsqueeze, ...), for rendering. */
  readonly via?: string | null;
  /** select / slice / embed. */
  readonly dim?: number;
  readonly index?: number;
  readonly start?: number;
  readonly stop?: number;
  readonly step?: number;
  /** embed: true when undoing a slice (the dim is kept), false for a select. */
  readonly keep?: boolean;
  /** bce_logits: which optional operands are present. */
  readonly weighted?: boolean;
  readonly posWeighted?: boolean;
  /** reshape / expand / embed: the result's shape. */
  readonly shape?: readonly number[];
}

interface Base {
  readonly id: number;
  readonly shape: readonly number[];
}

/**
 * A named tensor: a leaf variable the script differentiates, a constant
 * (detached, no_grad or plain data), or the `gradient=` tensor of backward.
 * Values are a float64 snapshot taken when the expression was built.
 */
export interface LeafExpr extends Base {
  readonly kind: 'leaf';
  readonly role: 'var' | 'const' | 'grad';
  readonly name: string;
  readonly value: Float64Array;
  readonly dtype: DType;
  /** Set for small unnamed constants printed by value, e.g. `tensor([1., 2.])`. */
  readonly literal: { readonly text: string; readonly latex: string } | null;
}

export interface NumExpr extends Base {
  readonly kind: 'num';
  readonly coef: Coef;
  readonly value: number;
}

export interface OpExpr extends Base {
  readonly kind: 'op';
  readonly op: OpName;
  readonly args: readonly Expr[];
  readonly attrs: OpAttrs;
}

export type Expr = LeafExpr | NumExpr | OpExpr;

export class SymbolicError extends Error {}

function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, s) => a * s, 1);
}

function attrsKey(a: OpAttrs): string {
  return JSON.stringify([a.dims ?? null, a.keepdim ?? null, a.dim ?? null, a.index ?? null, a.start ?? null, a.stop ?? null, a.step ?? null, a.keep ?? null, a.shape ?? null, a.weighted ?? null, a.posWeighted ?? null]);
}

/** Shape of `op` applied to args, or an error naming the op. */
function inferShape(op: OpName, args: readonly Expr[], attrs: OpAttrs): readonly number[] {
  if (isUnary(op)) return args[0].shape;
  if (isBinary(op)) return broadcastShapes(args[0].shape, args[1].shape);
  const x = args[0];
  switch (op) {
    case 'bce_logits': return args.reduce<readonly number[]>((s, a) => broadcastShapes(s, a.shape), []);
    case 'matmul': {
      const [a, b] = [x.shape, args[1].shape];
      if (a.length === 1 && b.length === 1) return [];
      if (a.length === 2 && b.length === 1) return [a[0]];
      if (a.length === 1 && b.length === 2) return [b[1]];
      if (a.length === 2 && b.length === 2) return [a[0], b[1]];
      // bmm: a batch of matrix products.
      if (a.length === 3 && b.length === 3 && a[0] === b[0]) return [a[0], a[1], b[2]];
      throw new SymbolicError(`matmul of ${a.length}D and ${b.length}D operands has no symbolic rule`);
    }
    case 'outer': return [numelOf(x.shape), numelOf(args[1].shape)];
    case 'permute': return (attrs.dims ?? []).map((d) => x.shape[d]);
    case 'reshape':
    case 'expand':
    case 'embed':
      return attrs.shape ?? [];
    case 'sum':
    case 'mean': {
      const dims = attrs.dims ?? x.shape.map((_, i) => i);
      if (attrs.keepdim) return x.shape.map((s, i) => (dims.includes(i) ? 1 : s));
      return x.shape.filter((_, i) => !dims.includes(i));
    }
    case 'max':
    case 'min':
      return [];
    case 'select': {
      const s = x.shape.slice();
      s.splice(attrs.dim ?? 0, 1);
      return s;
    }
    case 'slice': {
      const s = x.shape.slice();
      const len = Math.max(0, Math.ceil(((attrs.stop ?? 0) - (attrs.start ?? 0)) / (attrs.step ?? 1)));
      s[attrs.dim ?? 0] = len;
      return s;
    }
    default:
      throw new SymbolicError(`no shape rule for ${op}`);
  }
}

/** Creates and interns expression nodes. One pool per analysis. */
export class ExprPool {
  #next = 0;
  readonly #interned = new Map<string, Expr>();
  readonly #sizes = new Map<number, number>();

  leaf(role: LeafExpr['role'], name: string, shape: readonly number[], value: Float64Array, dtype: DType, literal: LeafExpr['literal'] = null): LeafExpr {
    return { kind: 'leaf', id: this.#next++, shape: shape.slice(), role, name, value, dtype, literal };
  }

  num(c: Coef | number): NumExpr {
    const coef = typeof c === 'number' ? coefOf(c) : c;
    const k = `#${coefKey(coef)}`;
    const found = this.#interned.get(k);
    if (found) return found as NumExpr;
    const e: NumExpr = { kind: 'num', id: this.#next++, shape: [], coef, value: valueOf(coef) };
    this.#interned.set(k, e);
    return e;
  }

  op(op: OpName, args: readonly Expr[], attrs: OpAttrs = {}): OpExpr {
    const k = `${op}|${attrsKey(attrs)}|${args.map((a) => a.id).join(',')}`;
    const found = this.#interned.get(k);
    if (found) return found as OpExpr;
    const e: OpExpr = { kind: 'op', id: this.#next++, op, args, attrs, shape: inferShape(op, args, attrs) };
    this.#interned.set(k, e);
    return e;
  }

  // Shorthands used by the differentiation rules.
  add(a: Expr, b: Expr): Expr { return this.op('add', [a, b]); }
  sub(a: Expr, b: Expr): Expr { return this.op('sub', [a, b]); }
  mul(a: Expr, b: Expr): Expr { return this.op('mul', [a, b]); }
  div(a: Expr, b: Expr): Expr { return this.op('div', [a, b]); }
  pow(a: Expr, b: Expr): Expr { return this.op('pow', [a, b]); }
  neg(a: Expr): Expr { return this.op('neg', [a]); }
  fn(f: UnaryFn, a: Expr): Expr { return this.op(f, [a]); }

  reshape(a: Expr, shape: readonly number[], via: string | null = null): Expr {
    if (sameShape(a.shape, shape)) return a;
    return this.op('reshape', [a], { shape: shape.slice(), via });
  }

  expand(a: Expr, shape: readonly number[]): Expr {
    if (sameShape(a.shape, shape)) return a;
    return this.op('expand', [a], { shape: shape.slice() });
  }

  permute(a: Expr, dims: readonly number[]): Expr {
    if (dims.every((d, i) => d === i)) return a;
    return this.op('permute', [a], { dims: dims.slice() });
  }

  sum(a: Expr, dims: readonly number[] | null, keepdim: boolean): Expr {
    if (dims !== null && dims.length === 0) return a;
    return this.op('sum', [a], { dims: dims === null ? null : dims.slice(), keepdim });
  }

  /** Sums a broadcast gradient back to `shape`, the rule that undoes broadcasting. */
  sumTo(g: Expr, shape: readonly number[]): Expr {
    if (sameShape(g.shape, shape)) return g;
    const lead = g.shape.length - shape.length;
    const ones: number[] = [];
    for (let i = 0; i < shape.length; i++) if (shape[i] === 1 && g.shape[lead + i] !== 1) ones.push(lead + i);
    let out = ones.length > 0 ? this.sum(g, ones, true) : g;
    if (lead > 0) out = this.sum(out, Array.from({ length: lead }, (_, i) => i), false);
    return out;
  }

  /** Tree size (as the expression would print), memoised per node; saturates. */
  size(e: Expr): number {
    const known = this.#sizes.get(e.id);
    if (known !== undefined) return known;
    let n = 1;
    if (e.kind === 'op') for (const a of e.args) n = Math.min(n + this.size(a), 1e15);
    this.#sizes.set(e.id, n);
    return n;
  }
}

/** Rebuilds `e` bottom-up, replacing leaves via `leafMap` (shapes are re-inferred). */
export function substitute(pool: ExprPool, e: Expr, leafMap: (leaf: LeafExpr) => Expr): Expr {
  const memo = new Map<number, Expr>();
  const go = (x: Expr): Expr => {
    const m = memo.get(x.id);
    if (m) return m;
    let out: Expr;
    if (x.kind === 'leaf') out = leafMap(x);
    else if (x.kind === 'num') out = x;
    else {
      const args = x.args.map(go);
      out = args.every((a, i) => a === x.args[i]) ? x : pool.op(x.op, args, x.attrs);
    }
    memo.set(x.id, out);
    return out;
  };
  return go(e);
}

/** Every node of `e`, children before parents, each once. */
export function postOrder(e: Expr): Expr[] {
  const out: Expr[] = [];
  const seen = new Set<number>();
  const stack: { e: Expr; done: boolean }[] = [{ e, done: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.done) {
      out.push(top.e);
      continue;
    }
    if (seen.has(top.e.id)) continue;
    seen.add(top.e.id);
    stack.push({ e: top.e, done: true });
    if (top.e.kind === 'op') for (let i = top.e.args.length - 1; i >= 0; i--) stack.push({ e: top.e.args[i], done: false });
  }
  return out;
}

/** The leaves of `e` by role. */
export function leavesOf(e: Expr): LeafExpr[] {
  return postOrder(e).filter((n): n is LeafExpr => n.kind === 'leaf');
}

export function dependsOn(e: Expr, leaf: LeafExpr): boolean {
  return postOrder(e).includes(leaf);
}
