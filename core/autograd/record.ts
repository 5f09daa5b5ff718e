import { isGradEnabled } from './grad_mode';
import { isTracing } from './origin';
import type { BackwardFn, Edge } from './node';
import { AccumulateGrad, FunctionNode, SavedTensor } from './node';
import type { Tensor } from '../tensor/tensor';

const NO_EDGE: Edge = { node: null, inputNr: 0 };

/** Where a gradient for `t` must be sent: its grad_fn, or its leaf's AccumulateGrad. */
export function gradientEdge(t: Tensor): Edge {
  if (t.gradFn !== null) return { node: t.gradFn, inputNr: 0 };
  if (!t.requiresGrad) return NO_EDGE;
  t.accumulator ??= new AccumulateGrad(t);
  return { node: t.accumulator, inputNr: 0 };
}

export interface SaveContext {
  /** Keep an input (or any tensor) for backward, checked for in-place changes. */
  save(t: Tensor): SavedTensor;
  /** Keep the op's own output for backward (exp, sigmoid, tanh, sqrt). */
  saveOutput(): SavedTensor;
  /** Mark a saved Python scalar: it is freed with the graph like a saved tensor. */
  saveScalar(): void;
}

export function needsGraph(inputs: readonly (Tensor | null)[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t !== null && t.requiresGrad) return true;
  return false;
}

/**
 * Attaches a grad_fn to `out` when grad mode is on and an input requires grad.
 * `makeBackward` runs only then, so ops save nothing when no graph is built.
 */
export function record(
  out: Tensor,
  name: string,
  inputs: readonly (Tensor | null)[],
  makeBackward: (ctx: SaveContext) => BackwardFn,
): Tensor {
  if (!needsGraph(inputs)) return out;
  const saved: SavedTensor[] = [];
  let freedGuard = false;
  const ctx: SaveContext = {
    save(t) {
      const s = new SavedTensor(t, t.gradFn === null ? null : t.gradFn.name);
      saved.push(s);
      return s;
    },
    saveOutput() {
      const s = new SavedTensor(out, name);
      saved.push(s);
      return s;
    },
    saveScalar() {
      freedGuard = true;
    },
  };
  const backward = makeBackward(ctx);
  const edges = inputs.map((t) => (t === null ? NO_EDGE : gradientEdge(t)));
  const meta = inputs.map((t) => (t === null ? { shape: [], dtype: out.dtype } : { shape: t.shape, dtype: t.dtype }));
  out.gradFn = new FunctionNode(name, edges, meta, backward, saved, freedGuard);
  return out;
}

/**
 * Records how `out` was made, for the symbolic trace, while tracing and grad
 * mode are on. A result that depends on a tensor requiring grad is always
 * recorded. A constant (nothing requires grad) is recorded only one op deep,
 * from inputs that have no recorded origin themselves: `x.unsqueeze(0)` still
 * reads as an expression of `x`, but a loop like `x = x + 1` does not keep
 * every intermediate alive through a chain of origins.
 */
export function traceOrigin(out: Tensor, op: string, inputs: readonly (Tensor | number)[], attrs: Record<string, unknown> = {}): Tensor {
  if (!isTracing() || !isGradEnabled()) return out;
  let tracked = false;
  let derived = false;
  for (const t of inputs) {
    if (typeof t === 'number') continue;
    if (t.requiresGrad) tracked = true;
    else if (t.origin !== null) derived = true;
  }
  if (tracked || !derived) out.origin = { op, inputs, attrs };
  return out;
}
