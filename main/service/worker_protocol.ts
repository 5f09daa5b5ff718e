// Messages between the service (main thread) and a run worker. Plain data
// only: they cross a structured-clone boundary.

import type { LeafAnalysis } from '../../core/contract/lab_api';
import type { RunResult } from '../../core/run/run_result';

export interface RunJob {
  runId: string;
  script: string;
  /** null: the run picks a fresh seed and reports it in result.seed. */
  seed: number | null;
}

export interface RunOutcome {
  result: RunResult;
  analysis: LeafAnalysis[] | null;
}

export type ToWorker = { type: 'run'; job: RunJob };

export type FromWorker =
  /** The job was received; the time limit starts now (not while the worker was loading). */
  | { type: 'started'; runId: string }
  | { type: 'progress'; runId: string; line: number; iteration: number; total: number | null }
  | { type: 'done'; runId: string; outcome: RunOutcome }
  /** The run body threw (a bug, not a script error: those are in result.error). */
  | { type: 'failed'; runId: string; message: string };
