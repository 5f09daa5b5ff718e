/**
 * The autograd graph behind a run's final variables, as plain data: nodes
 * named as PyTorch names them, edges towards the leaves with the shape of
 * the gradient each carries, and where detach()/no_grad cut a history.
 */
import type { Node, Tensor } from '../index';
import { AccumulateGrad, FunctionNode, gradientEdge } from '../index';
import type { GraphCut, GraphData, GraphEdge, GraphNode } from './run_result';

/** Stable ids for graph nodes across a run, shared by the graph and the backward traces. */
export class NodeIds {
  readonly #ids = new Map<Node, string>();

  of(node: Node): string {
    let id = this.#ids.get(node);
    if (id === undefined) {
      id = `n${this.#ids.size}`;
      this.#ids.set(node, id);
    }
    return id;
  }
}

export interface CutMark {
  readonly reason: 'detach' | 'no_grad';
  readonly line: number;
}

/** The node a tensor's gradient goes to: its grad_fn, or its leaf's AccumulateGrad. */
export function rootNode(t: Tensor): Node | null {
  if (t.gradFn !== null) return t.gradFn;
  if (!t.requiresGrad) return null;
  return gradientEdge(t).node;
}

/** Leaf tensors (AccumulateGrad nodes) reachable from `root`, in discovery order. */
export function reachableLeaves(root: Node): Tensor[] {
  const seen = new Set<Node>([root]);
  const stack = [root];
  const leaves: Tensor[] = [];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n instanceof AccumulateGrad) leaves.push(n.variable);
    for (const e of n.nextEdges) {
      if (e.node !== null && !seen.has(e.node)) {
        seen.add(e.node);
        stack.push(e.node);
      }
    }
  }
  return leaves;
}

export function extractGraph(
  variables: ReadonlyArray<readonly [string, Tensor]>,
  ids: NodeIds,
  cuts: WeakMap<Tensor, CutMark>,
): GraphData {
  const nameOfTensor = new Map<Tensor, string>();
  const nameOfNode = new Map<Node, string>();
  const shapeOfNode = new Map<Node, readonly number[]>();
  for (const [name, t] of variables) {
    if (!nameOfTensor.has(t)) nameOfTensor.set(t, name);
    if (t.gradFn !== null && !nameOfNode.has(t.gradFn)) {
      nameOfNode.set(t.gradFn, name);
      shapeOfNode.set(t.gradFn, t.shape);
    }
  }
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const seen = new Set<Node>();
  const queue: Node[] = [];
  const visit = (n: Node): void => {
    if (seen.has(n)) return;
    seen.add(n);
    queue.push(n);
  };
  for (const [, t] of variables) {
    const r = rootNode(t);
    if (r !== null) visit(r);
  }
  // Breadth-first, iteratively: a long training loop builds graphs deeper than the JS stack.
  for (let qi = 0; qi < queue.length; qi++) {
    const n = queue[qi];
    if (n instanceof FunctionNode) {
      n.nextEdges.forEach((e, i) => {
        if (e.node === null) return;
        const shape = n.inputMeta[i]?.shape ?? [];
        if (!shapeOfNode.has(e.node)) shapeOfNode.set(e.node, shape);
        edges.push({ from: ids.of(n), to: ids.of(e.node), inputNr: e.inputNr, shape: shape.slice() });
        visit(e.node);
      });
    }
  }
  for (const n of queue) {
    const isAcc = n instanceof AccumulateGrad;
    const variable = isAcc ? (nameOfTensor.get(n.variable) ?? n.variable.label) : (nameOfNode.get(n) ?? null);
    const shape = isAcc ? n.variable.shape : (shapeOfNode.get(n) ?? []);
    nodes.push({ id: ids.of(n), name: n.name, variable, shape: shape.slice() });
  }
  const cutList: GraphCut[] = [];
  for (const [name, t] of variables) {
    const c = cuts.get(t);
    if (c !== undefined) cutList.push({ variable: name, reason: c.reason, line: c.line });
  }
  return { nodes, edges, cuts: cutList };
}
