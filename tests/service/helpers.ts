// Shared set-up for the service tests: a temp database folder and a service
// running either the real worker or the misbehaving fake one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { labApi } from '../../core/contract/lab_api';
import type { LabEnvelope, LabMethod, LabResponse } from '../../core/contract/lab_api';
import { LabService, handleLabCall } from '../../main/service/index';
import type { LabServiceOptions, WorkerSpec } from '../../main/service/index';

const here = path.dirname(fileURLToPath(import.meta.url));

export const fakeWorkerSpec: WorkerSpec = {
  file: path.join(here, '..', '..', 'main', 'service', 'ts_worker_boot.mjs'),
  workerData: { entry: pathToFileURL(path.join(here, 'fixtures', 'fake_run_worker.ts')).href },
};

export function tempDir(prefix = 'lab-service-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openService(options: Partial<LabServiceOptions> = {}): LabService {
  return LabService.open({ dbPath: path.join(tempDir(), 'lab.sqlite'), edition: 'browser', ...options });
}

/** Call through the same entry the transports use, and check the response against the contract. */
export async function call<M extends LabMethod>(service: LabService, method: M, request: unknown): Promise<LabResponse<M>> {
  const envelope = await handleLabCall(service, method, request);
  if (!envelope.ok) throw new Error(`${method} failed: ${envelope.error.type}: ${envelope.error.message}`);
  return labApi[method].response.parse(envelope.value) as LabResponse<M>;
}

/** Call expecting failure; returns the error after checking its shape. */
export async function callFails(service: LabService, method: LabMethod, request: unknown): Promise<Extract<LabEnvelope<unknown>, { ok: false }>['error']> {
  const envelope = await handleLabCall(service, method, request);
  expect(envelope.ok, `${method} should fail`).toBe(false);
  if (envelope.ok) throw new Error('unreachable');
  return envelope.error;
}
