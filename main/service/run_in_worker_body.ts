// The one place the worker touches the interpreter and the analytic module:
// run the script, then compare autograd with the analytic and numeric
// derivatives for the leaves of its last backward().

import type { LeafAnalysis } from '../../core/symbolic/index';
import { runScript } from '../../core/run/run_script';
import type { RunSession } from '../../core/run/run_script';
import { analyzeBackward } from '../../core/symbolic/index';
import type { RunJob, RunOutcome } from './worker_protocol';

export interface BodyProgress {
  line: number;
  iteration: number;
  total: number | null;
}

export function executeRun(job: RunJob, onProgress: (p: BodyProgress) => void): RunOutcome {
  // No seed: runScript's default (0), so an unseeded script gives the same numbers every run.
  const { result, session } = runScript(job.script, { seed: job.seed ?? undefined, onProgress });
  return { result, analysis: analyze(session) };
}

/** Null when the script never called backward(), or the analysis itself failed (the run result still stands). */
function analyze(session: RunSession): LeafAnalysis[] | null {
  const last = session.lastBackward;
  if (!last) return null;
  try {
    // The capture froze values and gradients at backward time, before any optimizer step changed them.
    return analyzeBackward(last.capture ?? { root: last.root, gradient: last.gradient, leaves: last.leaves });
  } catch {
    return null;
  }
}
