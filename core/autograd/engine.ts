import { castStorage } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import { sameShape, sizeString, stridesOf } from '../tensor/shape';
import { isNonOverlappingAndDense } from '../tensor/strides';
import { Tensor } from '../tensor/tensor';
import { eagerly } from '../tensor/pending';
import { withGradMode } from './grad_mode';
import type { Edge, Node } from './node';
import { AccumulateGrad, FunctionNode } from './node';
import { ReadyQueue } from './ready_queue';

/** One executed node, for the step-through view of the backward pass. */
export interface EngineStep {
  readonly node: Node;
  readonly gradIn: Tensor;
  readonly gradsOut: readonly (Tensor | null)[];
}

export interface EngineOptions {
  readonly retainGraph: boolean;
  /** autograd.grad: capture gradients of these tensors instead of accumulating into .grad. */
  readonly capture?: readonly Tensor[];
  /** Observes each executed node. Gradients may later be summed into in place: copy what you keep. */
  readonly onStep?: (step: EngineStep) => void;
}

/** Which buffer holds each storage; null for storage held outside the engine. */
type Seen = Map<object, Buffer | null>;

/** What identifies a gradient's storage: its buffer, or its pending values, which no other tensor shares. */
function storageKey(t: Tensor): object {
  return t.pending ?? t.data.buffer;
}

interface Buffer {
  tensor: Tensor;
  /** True when no one else holds this storage, so it may be summed into in place. */
  owned: boolean;
}

/**
 * Reverse-mode execution, as PyTorch's engine does it: count dependencies,
 * then run ready nodes newest first, summing the gradients that meet at a
 * node before it runs. Returns captured gradients when `capture` is given.
 */
export function runBackward(rootEdges: readonly Edge[], rootGrads: readonly Tensor[], options: EngineOptions): (Tensor | null)[] {
  return withGradMode(false, () => eagerly(() => execute(rootEdges, rootGrads, options)));
}

function execute(rootEdges: readonly Edge[], rootGrads: readonly Tensor[], options: EngineOptions): (Tensor | null)[] {
  const deps = countDependencies(rootEdges);
  const buffers = new Map<Node, Buffer>();
  const seen: Seen = new Map();
  const queue = new ReadyQueue();
  const capture = options.capture ?? null;
  const captured: (Tensor | null)[] = capture ? capture.map(() => null) : [];
  const captureIndex = new Map<Node, number>();
  if (capture) {
    capture.forEach((t, i) => {
      const node = t.gradFn ?? t.accumulator;
      if (node) captureIndex.set(node, i);
    });
  }

  // The user's gradient is shared with the caller, so it is never summed into in place.
  for (const g of rootGrads) seen.set(storageKey(g), null);
  rootEdges.forEach((edge, i) => deliver(edge, rootGrads[i], buffers, seen, deps, queue));

  for (let node = queue.pop(); node !== undefined; node = queue.pop()) {
    const buffer = buffers.get(node);
    buffers.delete(node);
    if (buffer === undefined) continue;
    const grad = buffer.tensor;
    // An exclusively owned gradient stays exclusive if this node passes it straight on (add, sub, view).
    if (buffer.owned) seen.delete(storageKey(grad));
    const ci = captureIndex.get(node);
    if (ci !== undefined) captured[ci] = new Tensor(grad.data.slice(), grad.shape, grad.dtype);

    if (node instanceof AccumulateGrad) {
      if (capture === null) accumulate(node.variable, buffer);
      options.onStep?.({ node, gradIn: grad, gradsOut: [] });
      continue;
    }
    if (node.retainGrad) for (const t of node.retainGrad) accumulate(t, { tensor: grad, owned: false });
    // An owned buffer may be reused for the node's output, unless an observer still wants to see it as it came in.
    const outs = node.apply(grad, buffer.owned && node.retainGrad === null && options.onStep === undefined);
    if (!options.retainGraph) node.release();
    const meta = node instanceof FunctionNode ? node.inputMeta : null;
    const sent: (Tensor | null)[] = [];
    node.nextEdges.forEach((edge, i) => {
      let g = outs[i] ?? null;
      if (g !== null && meta !== null && g.dtype !== meta[i].dtype) {
        g = new Tensor(castStorage(g.data, meta[i].dtype), g.shape, meta[i].dtype);
      }
      sent.push(edge.node === null ? null : g);
      if (edge.node === null) return;
      if (g === null) {
        release(edge.node, deps, queue, buffers);
        return;
      }
      deliver(edge, g, buffers, seen, deps, queue);
    });
    options.onStep?.({ node, gradIn: grad, gradsOut: sent });
  }
  return captured;
}

function countDependencies(rootEdges: readonly Edge[]): Map<Node, number> {
  const deps = new Map<Node, number>();
  const stack: Node[] = [];
  for (const e of rootEdges) {
    if (e.node === null) continue;
    const before = deps.get(e.node);
    deps.set(e.node, (before ?? 0) + 1);
    if (before === undefined) stack.push(e.node);
  }
  // Iterative DFS: a long training loop builds graphs deeper than the JS stack.
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    for (const e of node.nextEdges) {
      if (e.node === null) continue;
      const before = deps.get(e.node);
      deps.set(e.node, (before ?? 0) + 1);
      if (before === undefined) stack.push(e.node);
    }
  }
  return deps;
}

function deliver(edge: Edge, g: Tensor, buffers: Map<Node, Buffer>, seen: Seen, deps: Map<Node, number>, queue: ReadyQueue): void {
  const node = edge.node as Node;
  const existing = buffers.get(node);
  if (existing === undefined) {
    // A storage that reaches two buffers is owned by neither: summing into one would change the other.
    const key = storageKey(g);
    const holder = seen.get(key);
    const fresh = holder === undefined;
    if (holder) holder.owned = false;
    const buffer: Buffer = { tensor: g, owned: fresh };
    buffers.set(node, buffer);
    seen.set(key, buffer);
  } else {
    addInto(existing, g);
  }
  release(node, deps, queue, buffers);
}

function release(node: Node, deps: Map<Node, number>, queue: ReadyQueue, buffers: Map<Node, Buffer>): void {
  const left = (deps.get(node) ?? 1) - 1;
  deps.set(node, left);
  if (left === 0) {
    if (buffers.has(node)) queue.push(node);
    else deps.delete(node);
  }
}

function addInto(buffer: Buffer, g: Tensor): void {
  if (!sameShape(buffer.tensor.shape, g.shape)) {
    throw runtimeError(`Function gradient shape mismatch: ${sizeString(buffer.tensor.shape)} and ${sizeString(g.shape)}`);
  }
  if (!buffer.owned) {
    buffer.tensor = new Tensor(buffer.tensor.data.slice(), buffer.tensor.shape, buffer.tensor.dtype);
    buffer.owned = true;
  }
  const dst = buffer.tensor.data;
  const src = g.data;
  for (let i = 0; i < dst.length; i++) dst[i] += src[i];
}

/** AccumulateGrad and retain_grad(): `.grad` is set, or summed into in place as PyTorch does. */
function accumulate(variable: Tensor, buffer: Buffer): void {
  let g = buffer.tensor;
  if (g.dtype !== variable.dtype) {
    g = new Tensor(castStorage(g.data, variable.dtype), g.shape, variable.dtype);
  } else if (!buffer.owned) {
    g = new Tensor(g.data.slice(), g.shape, g.dtype);
  } else if (g.gradFn !== null || g.base !== null) {
    g = new Tensor(g.data, g.shape, g.dtype);
  }
  // `.grad` holds values, not a recipe: a uniform gradient is written out here.
  g.materialize();
  if (!sameShape(g.shape, variable.shape)) {
    throw runtimeError(`Function AccumulateGrad returned an invalid gradient - got ${sizeString(g.shape)} but expected shape compatible with ${sizeString(variable.shape)}`);
  }
  if (variable.grad === null) {
    variable.grad = withGradLayout(g, variable);
    return;
  }
  variable.grad.prepareWrite();
  const dst = variable.grad.data;
  const src = g.data;
  for (let i = 0; i < dst.length; i++) dst[i] += src[i];
  variable.grad.bumpVersion();
}

/**
 * PyTorch's gradient layout contract (AccumulateGrad, clone_obey_contract):
 * `.grad` takes the variable's strides when those are non-overlapping and
 * dense, else row-major ones; an expanded (stride 0) gradient is never stored
 * as such. Storage is row-major either way, so only the metadata changes.
 */
function withGradLayout(g: Tensor, variable: Tensor): Tensor {
  const want = isNonOverlappingAndDense(variable.shape, variable.strides) ? variable.strides : stridesOf(variable.shape);
  if (g.strides.length === want.length && g.strides.every((s, i) => s === want[i])) return g;
  return new Tensor(g.data, g.shape, g.dtype, undefined, want);
}
