// Entry point of a run worker (bundled to dist/service/run_worker.js). Runs
// one job at a time; the service enforces time and memory limits by
// terminating the whole worker, so nothing here needs to be interruptible.

import { parentPort } from 'node:worker_threads';
import { executeRun } from './run_in_worker_body';
import type { FromWorker, ToWorker } from './worker_protocol';

/** Progress messages cost a structured clone each; a tight loop would flood the main thread. */
const PROGRESS_INTERVAL_MS = 50;

const port = parentPort;
if (!port) throw new Error('run_worker must be started as a worker thread');

function send(message: FromWorker): void {
  port!.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  if (message.type !== 'run') return;
  const { job } = message;
  send({ type: 'started', runId: job.runId });
  let lastSent = 0;
  try {
    const outcome = executeRun(job, (p) => {
      const now = Date.now();
      if (now - lastSent < PROGRESS_INTERVAL_MS && p.iteration !== p.total) return;
      lastSent = now;
      send({ type: 'progress', runId: job.runId, line: p.line, iteration: p.iteration, total: p.total });
    });
    send({ type: 'done', runId: job.runId, outcome });
  } catch (e) {
    send({ type: 'failed', runId: job.runId, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
