// Every experiment method through handleLabCall against a real SQLite file,
// with each response checked against the contract's response schema.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExperimentStore } from '../../main/store/index';
import { ENGINE_VERSION } from '../../main/service/index';
import type { LabService } from '../../main/service/index';
import { call, callFails, fakeWorkerSpec, openService, tempDir } from './helpers';

let service: LabService;
let dbPath: string;

beforeEach(() => {
  dbPath = path.join(tempDir(), 'lab.sqlite');
  service = openService({ dbPath, workerSpec: fakeWorkerSpec });
});
afterEach(async () => {
  await service.close();
});

const builderState = { version: 1, blocks: [{ op: 'mul', inputs: ['x', 'x'] }] };

describe('experiments through the service', () => {
  it('creates, saves, lists, reads and persists to the file', async () => {
    const created = await call(service, 'createExperiment', { name: 'Square', script: 'x = 1\n', seed: 5 });
    expect(created).toMatchObject({ name: 'Square', script: 'x = 1\n', seed: 5, revision: 1, builderState: null, lastResult: null, deletedAt: null });

    const lastResult = { stdout: 'tensor(4.)\n', values: [1, 2] };
    const saved = await call(service, 'saveExperiment', {
      id: created.id, expectedRevision: 1, script: 'x = 2\n', builderState, seed: 6, lastResult, notes: 'why',
    });
    expect(saved.revision).toBe(2);

    const listed = await call(service, 'listExperiments', {});
    expect(listed.total).toBe(1);
    expect(listed.experiments[0]).toMatchObject({ id: created.id, revision: 2, engineVersion: ENGINE_VERSION });

    const got = await call(service, 'getExperiment', { id: created.id });
    expect(got).toMatchObject({ script: 'x = 2\n', notes: 'why', seed: 6, builderState, lastResult, updatedAt: saved.updatedAt });

    // What the service wrote is in the file, as another process sees it.
    await service.close();
    const store = ExperimentStore.open(dbPath);
    expect(store.get(created.id)).toMatchObject({ script: 'x = 2\n', revision: 2, builder_state: builderState, last_result: lastResult });
    store.close();
    service = openService({ dbPath, workerSpec: fakeWorkerSpec });
  });

  it('reports a stale save as ConflictError with the current revision', async () => {
    const { id } = await call(service, 'createExperiment', { name: 'A' });
    await call(service, 'saveExperiment', { id, expectedRevision: 1, script: 'a', builderState: null, seed: null });
    const error = await callFails(service, 'saveExperiment', { id, expectedRevision: 1, script: 'b', builderState: null, seed: null });
    expect(error.type).toBe('ConflictError');
    expect(error.currentRevision).toBe(2);
    expect(error.message).toContain('the stored revision is now 2');
  });

  it('renames, duplicates, trashes, restores and purges', async () => {
    const { id } = await call(service, 'createExperiment', { name: 'Original', script: 'y = 3' });
    expect((await call(service, 'renameExperiment', { id, name: 'Renamed' })).name).toBe('Renamed');
    const copy = await call(service, 'duplicateExperiment', { id });
    expect(copy.id).not.toBe(id);
    expect((await call(service, 'getExperiment', { id: copy.id })).script).toBe('y = 3');

    expect((await call(service, 'deleteExperiment', { id })).deletedAt).not.toBeNull();
    expect((await call(service, 'listExperiments', {})).experiments.map((e) => e.id)).toEqual([copy.id]);
    expect((await call(service, 'listExperiments', { trash: true })).experiments.map((e) => e.id)).toEqual([id]);
    expect((await callFails(service, 'renameExperiment', { id, name: 'x' })).type).toBe('InTrash');

    expect((await call(service, 'restoreExperiment', { id })).deletedAt).toBeNull();
    expect((await callFails(service, 'purgeExperiment', { id })).type).toBe('NotInTrash');
    await call(service, 'deleteExperiment', { id });
    expect(await call(service, 'purgeExperiment', { id })).toEqual({ id });
    expect((await callFails(service, 'getExperiment', { id })).type).toBe('NotFound');
  });

  it('lists revisions, reads one and restores it as the newest', async () => {
    const { id } = await call(service, 'createExperiment', { name: 'R', script: 'v1' });
    await call(service, 'saveExperiment', { id, expectedRevision: 1, script: 'v2', builderState: null, seed: null });
    const { revisions } = await call(service, 'listRevisions', { id });
    expect(revisions.map((r) => r.revision)).toEqual([2, 1]);
    expect((await call(service, 'getRevision', { id, revision: 1 })).script).toBe('v1');
    const restored = await call(service, 'restoreRevision', { id, revision: 1, expectedRevision: 2 });
    expect(restored.revision).toBe(3);
    expect((await call(service, 'getExperiment', { id })).script).toBe('v1');
    expect((await callFails(service, 'getRevision', { id, revision: 9 })).type).toBe('NotFound');
  });

  it('searches by full text', async () => {
    await call(service, 'createExperiment', { name: 'Sigmoid demo', script: 'torch.sigmoid(x)' });
    await call(service, 'createExperiment', { name: 'Matmul', script: 'a @ b' });
    const found = await call(service, 'listExperiments', { search: 'sigm' });
    expect(found.experiments.map((e) => e.name)).toEqual(['Sigmoid demo']);
  });

  it('exports and imports a .autograd-lab.json round trip into another database', async () => {
    const { id } = await call(service, 'createExperiment', { name: 'Loss: x²', script: 'loss = x**2', builderState, seed: 1 });
    await call(service, 'saveExperiment', { id, expectedRevision: 1, script: 'loss = x**3', builderState, seed: 1, lastResult: { ok: true } });
    const exported = await call(service, 'exportExperiments', { ids: [id] });
    expect(exported.fileName).toBe('loss-x2.autograd-lab.json');
    expect(exported.exported).toBe(1);

    const other = openService({ workerSpec: fakeWorkerSpec });
    try {
      const imported = await call(other, 'importExperiments', { content: exported.content });
      expect(imported).toEqual({ imported: 1, ids: [id], renamed: [] });
      const copy = await call(other, 'getExperiment', { id });
      const original = await call(service, 'getExperiment', { id });
      expect(copy).toEqual(original);
      expect((await call(other, 'listRevisions', { id })).revisions).toHaveLength(2);
      // Importing again keeps both: the second copy gets a new id.
      const again = await call(other, 'importExperiments', { content: exported.content });
      expect(again.renamed).toEqual([{ from: id, to: again.ids[0] }]);
    } finally {
      await other.close();
    }
    const all = await call(service, 'exportExperiments', {});
    expect(all.fileName).toMatch(/^autograd-lab-export-\d{4}-\d{2}-\d{2}\.autograd-lab\.json$/);
  });

  it('rejects a broken import file without writing anything', async () => {
    const notJson = await callFails(service, 'importExperiments', { content: '{"format": ' });
    expect(notJson.type).toBe('ImportError');
    expect(notJson.message).toContain('not valid JSON');
    const wrong = await callFails(service, 'importExperiments', { content: JSON.stringify({ format: 'something-else' }) });
    expect(wrong.type).toBe('ImportError');
    expect((await call(service, 'listExperiments', {})).total).toBe(0);
  });

  it('rejects invalid requests naming the field, and unknown methods', async () => {
    const error = await callFails(service, 'saveExperiment', { id: 'x', expectedRevision: 0, script: 1, builderState: null, seed: 1.5 });
    expect(error.type).toBe('InvalidRequest');
    expect(error.message).toMatch(/^Invalid saveExperiment request: /);
    for (const field of ['expectedRevision', 'script', 'seed']) expect(error.message).toContain(`${field}:`);
    expect((await callFails(service, 'createExperiment', { name: '   ' })).message).toContain('name: must not be empty');
    expect((await callFails(service, 'nope' as never, {})).type).toBe('UnknownMethod');
    expect((await callFails(service, 'run', { script: 'x'.repeat(200_001), runId: 'big' })).message).toContain('script: must be at most 200000 characters');
  });

  it('reports app info, and a corrupt database as a notice', async () => {
    const info = await call(service, 'appInfo', {});
    expect(info).toMatchObject({ edition: 'browser', dbPath: path.resolve(dbPath), notice: null, engineVersion: ENGINE_VERSION });
    expect(info.version).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);

    const corrupt = path.join(tempDir(), 'corrupt.sqlite');
    fs.writeFileSync(corrupt, Buffer.alloc(8192, 0x5a));
    const recovered = openService({ dbPath: corrupt, workerSpec: fakeWorkerSpec });
    try {
      const notice = (await call(recovered, 'appInfo', {})).notice;
      expect(notice).toMatch(/moved aside to .*corrupt.*a fresh one was created/);
    } finally {
      await recovered.close();
    }
  });
});
