// Public surface of the lab service, for the Electron shell and the browser edition.
export { LabService, DEFAULT_RUN_MEMORY_MB, DEFAULT_RUN_TIME_MS } from './lab_service';
export type { LabServiceOptions } from './lab_service';
export { handleLabCall } from './handle_lab_call';
export { LabFailure, toLabError } from './errors';
export { defaultWorkerSpec } from './worker_spec';
export type { WorkerSpec } from './worker_pool';
export { APP_VERSION, ENGINE_VERSION } from './versions';
