/**
 * Lays out a run's autograd graph with dagre for the SVG view. Loss at the
 * bottom, leaves on top, edges in next_functions direction (the way gradients
 * flow). AccumulateGrad nodes lead to their leaf variable; tensors whose
 * history was cut (detach, no_grad) are dashed nodes joined by dashed edges to
 * the tensors they were computed from, found on the cut's script line.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { GraphData, VariableInfo } from '../api/types';
import { shapeLabel } from './format';

export type NodeKind = 'function' | 'accumulate' | 'leaf' | 'cut';

export interface LaidNode {
  id: string;
  kind: NodeKind;
  /** PyTorch's name (SubBackward0...) or the variable name. */
  label: string;
  /** Second line: the variable the node produces, or the cut reason. */
  sub: string | null;
  /** The graph node id from the run (null for variable and cut nodes). */
  graphNode: string | null;
  variable: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidEdge {
  id: string;
  from: string;
  to: string;
  points: Array<{ x: number; y: number }>;
  label: string;
  dashed: boolean;
  labelX: number;
  labelY: number;
}

export interface GraphLayout {
  nodes: LaidNode[];
  edges: LaidEdge[];
  width: number;
  height: number;
}

const CHAR = 7.4;
const PAD = 14;

function size(label: string, sub: string | null): { width: number; height: number } {
  const chars = Math.max(label.length, sub?.length ?? 0);
  return { width: Math.max(64, Math.ceil(chars * CHAR) + 2 * PAD), height: sub ? 44 : 30 };
}

/** Names on a script line that are variables in the run (left of `=` excluded). */
function sourcesOnLine(line: string, known: Set<string>, self: string): string[] {
  const rhs = line.includes('=') ? line.slice(line.indexOf('=') + 1) : line;
  const names = rhs.match(/[A-Za-z_]\w*/g) ?? [];
  return [...new Set(names)].filter((n) => n !== self && known.has(n));
}

export function layoutGraph(graph: GraphData, variables: VariableInfo[], script: string): GraphLayout {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'BT', nodesep: 28, ranksep: 46, edgesep: 12, marginx: 16, marginy: 16 });
  const nodes = new Map<string, Omit<LaidNode, 'x' | 'y'>>();
  const edges: Array<{ id: string; from: string; to: string; label: string; dashed: boolean }> = [];

  const add = (node: Omit<LaidNode, 'x' | 'y' | 'width' | 'height'>): void => {
    const laid = { ...node, ...size(node.label, node.sub) };
    nodes.set(node.id, laid);
    g.setNode(node.id, { width: laid.width, height: laid.height });
  };
  const connect = (from: string, to: string, label: string, dashed: boolean): void => {
    const id = `e${edges.length}`;
    edges.push({ id, from, to, label, dashed });
    g.setEdge(from, to, { label, width: Math.max(20, label.length * 6.5), height: 14, labelpos: 'c' }, id);
  };

  for (const n of graph.nodes) {
    const accumulate = n.name === 'AccumulateGrad';
    add({ id: n.id, kind: accumulate ? 'accumulate' : 'function', label: n.name, sub: accumulate ? null : n.variable, graphNode: n.id, variable: n.variable });
    if (accumulate && n.variable) {
      add({ id: `leaf:${n.id}`, kind: 'leaf', label: n.variable, sub: shapeLabel(n.shape), graphNode: null, variable: n.variable });
      connect(n.id, `leaf:${n.id}`, '', false);
    }
  }
  for (const e of graph.edges) connect(e.from, e.to, shapeLabel(e.shape), false);

  // Cut tensors, linked (dashed) to the graph nodes of what they came from.
  const nodeOfVariable = new Map<string, string>();
  for (const v of variables) if (v.node && nodes.has(v.node)) nodeOfVariable.set(v.name, v.node);
  const lines = script.split('\n');
  for (const cut of graph.cuts) {
    const id = `cut:${cut.variable}`;
    if (nodes.has(id)) continue;
    add({ id, kind: 'cut', label: cut.variable, sub: cut.reason === 'detach' ? 'detach() · cut' : 'no_grad · cut', graphNode: null, variable: cut.variable });
    const sources = sourcesOnLine(lines[cut.line - 1] ?? '', new Set(nodeOfVariable.keys()), cut.variable);
    for (const source of sources) connect(id, nodeOfVariable.get(source)!, cut.reason === 'detach' ? 'detach()' : 'no_grad', true);
  }

  layout(g);
  const info = g.graph() as { width?: number; height?: number };
  return {
    nodes: [...nodes.values()].map((n) => {
      const p = g.node(n.id) as { x: number; y: number };
      return { ...n, x: p.x, y: p.y };
    }),
    edges: edges.map((e) => {
      const laid = g.edge({ v: e.from, w: e.to, name: e.id }) as { points: Array<{ x: number; y: number }>; x?: number; y?: number };
      const mid = laid.points[Math.floor(laid.points.length / 2)];
      return { ...e, points: laid.points, labelX: laid.x ?? mid.x, labelY: laid.y ?? mid.y };
    }),
    width: info.width ?? 0,
    height: info.height ?? 0,
  };
}
