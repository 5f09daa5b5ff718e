// Scripts from the corpus through the service and the real run worker
// (interpreter + analytic module). Expected output is PyTorch's own, checked
// in under tests/corpus/expected by tests/oracle/generate.py.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunProgressEvent } from '../../core/contract/lab_api';
import type { LabService } from '../../main/service/index';
import { call, callFails, openService } from './helpers';

const corpus = (name: string) => ({
  script: fs.readFileSync(`tests/corpus/${name}.py`, 'utf8'),
  stdout: fs.readFileSync(`tests/corpus/expected/${name}.stdout`, 'utf8'),
});

/** Long enough for matmuls in a loop to exceed the time limit, never finishing first. */
const ENDLESS_MATMULS = 'import torch\na = torch.rand(200, 200)\nfor i in range(900000):\n    b = a @ a\n';

let service: LabService;
beforeAll(() => {
  service = openService({ runTimeMs: 3000 });
});
afterAll(async () => {
  await service.close();
});

describe('real runs through the worker', () => {
  it('prints what PyTorch prints and compares the gradient analytically', async () => {
    const { script, stdout } = corpus('001_seed_course_loss');
    const { result, analysis } = await call(service, 'run', { script, runId: 'seed-course' });
    expect(result.error).toBeNull();
    expect(result.stdout).toBe(stdout);
    const grad = result.variables.find((v) => v.name === 'x')?.grad;
    expect(analysis).toHaveLength(1);
    const [x] = analysis!;
    expect(x).toMatchObject({ leaf: 'x', root: 'loss', formula: '2*x', agree: true });
    expect(x.autograd).toEqual(grad?.values);
    expect(x.analytic).toEqual(grad?.values);
  });

  it('reports loop progress while a training loop runs', async () => {
    const { script, stdout } = corpus('007_gradient_descent_loop');
    const events: RunProgressEvent[] = [];
    const listener = (e: RunProgressEvent) => events.push(e);
    service.on('progress', listener);
    const { result } = await call(service, 'run', { script, runId: 'descent' });
    service.off('progress', listener);
    expect(result.stdout).toBe(stdout);
    const last = events.at(-1);
    expect(last).toMatchObject({ runId: 'descent', line: 9, iteration: 20, total: 20 });
    expect(await call(service, 'progress', { runId: 'descent' })).toMatchObject({ state: 'done', line: 9, iteration: 20, total: 20 });
  });

  it('returns script errors as results, not as call failures', async () => {
    const { script, stdout } = corpus('054_error_name');
    const { result, analysis } = await call(service, 'run', { script, runId: 'name-error' });
    expect(result.ok).toBe(false);
    expect(result.error?.type).toBe('NameError');
    expect(result.stdout).toBe(stdout);
    expect(analysis).toBeNull();
  });

  it('stops a run at the time limit at the line it reached, then runs again', async () => {
    const pending = callFails(service, 'run', { script: ENDLESS_MATMULS, runId: 'endless' });
    await new Promise((r) => setTimeout(r, 300));
    const ping = Date.now();
    await call(service, 'listExperiments', {});
    expect(Date.now() - ping).toBeLessThan(500);
    expect(await pending).toEqual({ type: 'TimeoutError', message: 'The script ran longer than 3 s and was stopped.', line: 3 });
    const { result } = await call(service, 'run', { script: corpus('001_seed_course_loss').script, runId: 'after-timeout' });
    expect(result.stdout).toBe(corpus('001_seed_course_loss').stdout);
  });

  it('cancels a real run, then runs again', async () => {
    const pending = callFails(service, 'run', { script: ENDLESS_MATMULS, runId: 'to-cancel' });
    await new Promise<void>((resolve) => service.once('progress', () => resolve()));
    expect(await call(service, 'cancel', { runId: 'to-cancel' })).toEqual({ cancelled: true });
    expect(await pending).toMatchObject({ type: 'Cancelled', line: 3 });
    const { result } = await call(service, 'run', { script: 'print(6 * 7)\n', runId: 'after-cancel' });
    expect(result.stdout).toBe('42\n');
  });
});
