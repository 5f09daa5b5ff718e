// The one place the worker touches the interpreter and the analytic module.
// PLACEHOLDER until core/run/run_script.ts and core/symbolic land: it answers
// every script with a clear error result, so the rest of the service (worker
// pool, limits, transports) can be built and tested against the real protocol.

import type { RunJob, RunOutcome } from './worker_protocol';

export interface BodyProgress {
  line: number;
  iteration: number;
  total: number | null;
}

export function executeRun(job: RunJob, onProgress: (p: BodyProgress) => void): RunOutcome {
  void onProgress;
  const seed = job.seed ?? 0;
  return {
    result: {
      ok: false,
      stdout: '',
      stderr: 'The script interpreter is not part of this build yet.\n',
      records: [],
      error: { type: 'RuntimeError', message: 'The script interpreter is not part of this build yet.', line: null, col: null },
      variables: [],
      graph: { nodes: [], edges: [], cuts: [] },
      backwards: [],
      series: [],
      seed,
      statements: 0,
      durationMs: 0,
    },
    analysis: null,
  };
}
