// Which file a run worker starts from. Bundled builds (dist/cli, dist/electron)
// find dist/service/run_worker.js beside them; source runs (vitest, tsx) start
// run_worker.ts through ts_worker_boot.mjs. AUTOGRAD_LAB_RUN_WORKER overrides.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkerSpec } from './worker_pool';

export function defaultWorkerSpec(env: NodeJS.ProcessEnv = process.env, moduleUrl: string = import.meta.url): WorkerSpec {
  if (env.AUTOGRAD_LAB_RUN_WORKER) return { file: path.resolve(env.AUTOGRAD_LAB_RUN_WORKER) };
  const here = path.dirname(fileURLToPath(moduleUrl));
  for (const candidate of [path.join(here, 'run_worker.js'), path.join(here, '..', 'service', 'run_worker.js')]) {
    if (fs.existsSync(candidate)) return { file: candidate };
  }
  const source = path.join(here, 'run_worker.ts');
  const boot = path.join(here, 'ts_worker_boot.mjs');
  if (fs.existsSync(source) && fs.existsSync(boot)) return { file: boot, workerData: { entry: pathToFileURL(source).href } };
  throw new Error(`Cannot find the run worker near ${here}: build it with \`node scripts/build.mjs\` (dist/service/run_worker.js).`);
}
