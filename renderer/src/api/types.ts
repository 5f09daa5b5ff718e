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

export type { LeafAnalysis, GradientChart, ChartSeries, ChartCurves } from '../../../core/symbolic/index';
import type { LeafAnalysis } from '../../../core/symbolic/index';

export interface RunResponse {
  result: RunResult;
  /** Per-leaf comparison for the last backward(), or null when there was none. */
  analysis: LeafAnalysis[] | null;
}
