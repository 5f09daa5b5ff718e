// Development and test only: starts a TypeScript worker (workerData.entry, a
// file URL) through tsx's loader. Node 20 ignores `--import` in a Worker's
// execArgv, so the loader is registered here instead. Production runs the
// bundled dist/service/run_worker.js directly.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
