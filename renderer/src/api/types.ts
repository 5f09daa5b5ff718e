/**
 * The shapes the renderer reads. Run results come from core; experiments and
 * progress from the API contract. Types only: no core runtime enters here.
 */
export type {
  RunResult,
  VariableInfo,
  TensorSummary,
  GraphData,
  GraphNode,
  GraphEdge,
  GraphCut,
  BackwardTrace,
  BackwardStep,
  LoopSeries,
  OutputRecord,
  ScriptError,
} from '../../../core/run/run_result';
export type {
  Experiment,
  ExperimentSummary,
  RevisionSummary,
  RunProgress,
  LabResponse,
  LabErrorType,
} from '../../../core/contract/lab_api';
export { LabCallError } from '../../../core/contract/lab_api';

import type { RunResult } from '../../../core/run/run_result';
import type { LabResponse } from '../../../core/contract/lab_api';

export type AppInfo = LabResponse<'appInfo'>;

export interface XY {
  x: number;
  y: number;
}

/** One leaf's comparison of autograd, analytic and numeric derivatives, as the renderer reads it. */
export interface LeafAnalysis {
  leaf: string;
  formula: string | null;
  latex: string | null;
  autograd: number[];
  analytic: number[] | null;
  numeric: number[];
  maxAbsError: number | null;
  agree: boolean | null;
  /** Why there is no closed form, when `formula` is null. */
  reason: string | null;
  chart: LeafChart | null;
}

export interface LeafChart {
  /** 'value' when x is the leaf's value, 'index' for multi-dimensional leaves. */
  xAxis: 'value' | 'index';
  autograd: XY[];
  analytic: XY[] | null;
  numeric: XY[];
  /** Dense f(t) and f'(t) for elementwise single-variable losses. */
  f: XY[] | null;
  fPrime: XY[] | null;
  downsampled: boolean;
}

export interface RunResponse {
  result: RunResult;
  /** Raw analysis objects as the service sent them; read with readAnalysis(). */
  analysis: ReadonlyArray<{ readonly [key: string]: unknown }> | null;
}
