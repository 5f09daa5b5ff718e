// Time limit, memory limit, cancel and crash each cost the worker, never the
// service: after each, the next run works. The fake worker's commands make
// the misbehaviour deterministic (see fixtures/fake_run_worker.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeSchema, labApi } from '../../core/contract/lab_api';
import type { RunProgressEvent } from '../../core/contract/lab_api';
import { handleLabCall } from '../../main/service/index';
import type { LabService } from '../../main/service/index';
import { call, callFails, fakeWorkerSpec, openService } from './helpers';

let service: LabService;

beforeAll(() => {
  service = openService({ workerSpec: fakeWorkerSpec, runTimeMs: 1500, runMemoryMb: 64 });
});
afterAll(async () => {
  await service.close();
});

async function expectUsable(tag: string): Promise<void> {
  const { result } = await call(service, 'run', { script: `echo ${tag}`, runId: `after-${tag}`, seed: 3 });
  expect(result.stdout).toBe(`echo ${tag}`);
  expect(result.seed).toBe(3);
}

describe('run worker limits', () => {
  it('runs a job and reports it against the contract', async () => {
    const envelope = await handleLabCall(service, 'run', { script: 'echo hi', runId: 'r1' });
    expect(envelopeSchema(labApi.run.response).safeParse(envelope).success).toBe(true);
  });

  it('stops an endless run at the time limit and stays responsive meanwhile', async () => {
    const started = Date.now();
    const pending = handleLabCall(service, 'run', { script: 'spin', runId: 'spin-1' });
    // While the worker spins, the main thread answers other calls at once.
    const pingStart = Date.now();
    await call(service, 'appInfo', {});
    expect(Date.now() - pingStart).toBeLessThan(500);
    expect((await call(service, 'progress', { runId: 'spin-1' })).state).toBe('running');

    const envelope = await pending;
    expect(envelope).toEqual({ ok: false, error: { type: 'TimeoutError', message: 'The script ran longer than 1.5 s and was stopped.' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect((await call(service, 'progress', { runId: 'spin-1' })).state).toBe('done');
    await expectUsable('timeout');
  });

  it('cancels a running job and reports the last line it reached', async () => {
    const pending = handleLabCall(service, 'run', { script: 'progress 1000 20', runId: 'c1' });
    const seen = new Promise<RunProgressEvent>((resolve) => service.once('progress', resolve));
    expect((await seen).runId).toBe('c1');
    expect(await call(service, 'cancel', { runId: 'c1' })).toEqual({ cancelled: true });
    const envelope = await pending;
    expect(envelope).toEqual({ ok: false, error: { type: 'Cancelled', message: 'The run was cancelled.', line: 2 } });
    expect(await call(service, 'cancel', { runId: 'c1' })).toEqual({ cancelled: false });
    await expectUsable('cancel');
  });

  it('reports progress to pollers and listeners', async () => {
    const events: RunProgressEvent[] = [];
    const listener = (e: RunProgressEvent) => events.push(e);
    service.on('progress', listener);
    const pending = call(service, 'run', { script: 'progress 5 100', runId: 'p1' });
    await new Promise((r) => setTimeout(r, 250));
    const mid = await call(service, 'progress', { runId: 'p1' });
    expect(mid.state).toBe('running');
    expect(mid.line).toBe(2);
    expect(mid.total).toBe(5);
    expect(mid.iteration).toBeGreaterThanOrEqual(1);
    await pending;
    service.off('progress', listener);
    expect(events.map((e) => e.iteration)).toEqual([1, 2, 3, 4, 5]);
    expect(events.every((e) => e.runId === 'p1' && e.total === 5)).toBe(true);
    expect(await call(service, 'progress', { runId: 'never-ran' })).toEqual({ state: 'idle' });
  });

  it('stops a run that exceeds the memory limit', async () => {
    const error = await callFails(service, 'run', { script: 'oom', runId: 'm1' });
    expect(error).toEqual({ type: 'MemoryLimitError', message: 'The script used more than 64 MB of memory and was stopped.' });
    await expectUsable('oom');
  });

  it('replaces a crashed worker with a clear error', async () => {
    const error = await callFails(service, 'run', { script: 'crash', runId: 'x1' });
    expect(error.type).toBe('WorkerCrashed');
    expect(error.message).toContain('worker blew up');
    await expectUsable('crash');
    const failed = await callFails(service, 'run', { script: 'throw', runId: 'x2' });
    expect(failed).toEqual({ type: 'InternalError', message: 'The run failed inside the engine: Error: engine bug' });
    await expectUsable('throw');
  });

  it('refuses a second run with the same id, and cancels queued runs', async () => {
    const first = call(service, 'run', { script: 'sleep 300', runId: 'dup' });
    expect((await callFails(service, 'run', { script: 'echo', runId: 'dup' })).type).toBe('RunInProgress');
    await first;
    // Two workers busy, the third run waits in the queue until cancelled.
    const a = call(service, 'run', { script: 'sleep 400', runId: 'q-a' });
    const b = call(service, 'run', { script: 'sleep 400', runId: 'q-b' });
    const c = handleLabCall(service, 'run', { script: 'echo queued', runId: 'q-c' });
    expect(await call(service, 'cancel', { runId: 'q-c' })).toEqual({ cancelled: true });
    expect(await c).toEqual({ ok: false, error: { type: 'Cancelled', message: 'The run was cancelled.' } });
    await Promise.all([a, b]);
  });
});
