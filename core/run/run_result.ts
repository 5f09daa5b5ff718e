/**
 * What a script run returns to the CLI, the service, the store snapshot and the UI.
 * Plain JSON data only: it crosses worker, IPC and HTTP boundaries and is saved.
 */
import type { DType } from '../tensor/dtype';

/** A value as the `--json` CLI mode prints it (see the scripts issue). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface PrintRecord {
  readonly kind: 'print';
  readonly line: number;
  /** Exactly what Python's print wrote, newline included. */
  readonly text: string;
  /** The `{"print": [...]}` payload of `--json` mode. */
  readonly values: JsonValue[];
}

export interface WarningRecord {
  readonly kind: 'warning';
  readonly line: number;
  readonly category: string;
  readonly message: string;
}

export type OutputRecord = PrintRecord | WarningRecord;

export interface ScriptError {
  /** Python's exception class name: RuntimeError, SyntaxError, NameError... */
  readonly type: string;
  readonly message: string;
  /** Where it was raised: inside a function, the line in that function. */
  readonly line: number | null;
  readonly col: number | null;
  /**
   * The calls in progress when it was raised, outermost (`<module>`) first,
   * each with the line it was running; absent for errors before the script ran.
   */
  readonly traceback?: readonly TracebackFrame[];
}

export interface TracebackFrame {
  /** The function's name (`f`, `<lambda>`), or `<module>` for the script itself. */
  readonly name: string;
  readonly line: number;
}

export interface TensorSummary {
  readonly shape: number[];
  readonly dtype: DType;
  /** Flat row-major values; null when the tensor is past the size limit (see `preview`). */
  readonly values: number[] | null;
  /** repr(t) as PyTorch prints it. */
  readonly repr: string;
  readonly requiresGrad: boolean;
  readonly isLeaf: boolean;
  readonly gradFn: string | null;
}

export interface VariableInfo {
  readonly name: string;
  readonly kind: 'tensor' | 'number' | 'bool' | 'string' | 'none' | 'other';
  /** repr() of the value, as Python would show it. */
  readonly repr: string;
  readonly tensor: TensorSummary | null;
  /** `.grad` of a tensor (null when None). */
  readonly grad: TensorSummary | null;
  /** Graph node id of this tensor's grad_fn, or of its AccumulateGrad for a leaf that requires grad. */
  readonly node: string | null;
}

export interface GraphNode {
  readonly id: string;
  /** PyTorch class name: SubBackward0, PowBackward0, AccumulateGrad... */
  readonly name: string;
  /** For AccumulateGrad: the leaf variable it feeds. For others: the variable holding its output, if any. */
  readonly variable: string | null;
  /** Shape of the tensor this node's gradient has (the op's output, or the leaf). */
  readonly shape: number[];
}

export interface GraphEdge {
  /** From a node to one of its next_functions (towards the leaves). */
  readonly from: string;
  readonly to: string;
  readonly inputNr: number;
  readonly shape: number[];
}

/** Where a variable's history was cut by detach() or no_grad. */
export interface GraphCut {
  readonly variable: string;
  readonly reason: 'detach' | 'no_grad';
  readonly line: number;
}

export interface GraphData {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
  readonly cuts: GraphCut[];
}

export interface BackwardStep {
  readonly node: string;
  readonly name: string;
  readonly gradIn: TensorSummary;
  /** One per next edge, in next_functions order; null where no gradient flows. */
  readonly gradsOut: (TensorSummary | null)[];
}

export interface BackwardTrace {
  readonly line: number;
  /** The variable backward() was called on, if it has a name. */
  readonly root: string | null;
  readonly steps: BackwardStep[];
}

/** Values a loop assigned per iteration (a loss falling during training). */
export interface LoopSeries {
  readonly variable: string;
  readonly line: number;
  readonly values: number[];
}

export interface RunResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly records: OutputRecord[];
  readonly error: ScriptError | null;
  readonly variables: VariableInfo[];
  readonly graph: GraphData;
  readonly backwards: BackwardTrace[];
  readonly series: LoopSeries[];
  /** The seed the default generator started from, so a rerun gives the same numbers. */
  readonly seed: number;
  readonly statements: number;
  readonly durationMs: number;
}
