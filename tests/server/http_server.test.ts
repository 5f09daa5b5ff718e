// The browser edition over real HTTP on 127.0.0.1: token, Host and Origin
// checks, body limits, request validation, static files with their CSP, and
// the API end to end through the renderer's own HTTP client.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeSchema, labApi } from '../../core/contract/lab_api';
import { createLabClient, httpTransport } from '../../core/contract/lab_client';
import { startServer } from '../../main/server/index';
import type { RunningServer } from '../../main/server/index';
import { tempDir } from '../service/helpers';
import { api, rawRequest } from './http_client';

let server: RunningServer;
let staticDir: string;

beforeAll(async () => {
  staticDir = tempDir('lab-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>lab</title><script type="module" src="/assets/app.js"></script>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("lab")');
  server = await startServer({ dbPath: path.join(tempDir(), 'lab.sqlite'), staticDir, maxBodyBytes: 1_000_000 });
});
afterAll(async () => {
  await server.close();
});

describe('browser edition: access control', () => {
  it('listens on 127.0.0.1 with a fresh unguessable token in the launch URL', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.launchUrl).toBe(`${server.url}#token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await startServer({ dbPath: path.join(tempDir(), 'other.sqlite'), staticDir });
    expect(other.token).not.toBe(server.token);
    await other.close();
  });

  it('refuses API calls without the right token (401)', async () => {
    for (const token of [null, 'wrong', server.token.slice(1)]) {
      const res = await api(server.port, 'appInfo', {}, token);
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ ok: false, error: { type: 'Unauthorized' } });
    }
  });

  it('refuses requests naming another host (403), against DNS rebinding', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, `localhost`]) {
      const res = await api(server.port, 'appInfo', {}, server.token, { Host: host });
      expect(res.status, host).toBe(403);
      expect(res.json()).toMatchObject({ ok: false, error: { type: 'Forbidden' } });
      expect((await rawRequest(server.port, { path: '/', headers: { Host: host } })).status).toBe(403);
    }
    expect((await api(server.port, 'appInfo', {}, server.token, { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const res = await api(server.port, 'appInfo', {}, server.token, { Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await api(server.port, 'appInfo', {}, server.token, { Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('refuses bodies over the limit (413), declared or streamed', async () => {
    const big = JSON.stringify({ content: 'x'.repeat(1_100_000) });
    const declared = await rawRequest(server.port, {
      method: 'POST', path: '/api/importExperiments', body: big,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
    });
    expect(declared.status).toBe(413);
    expect(declared.json()).toMatchObject({ ok: false, error: { type: 'TooLarge', message: expect.stringContaining('1000000 bytes') } });
    const streamed = await rawRequest(server.port, {
      method: 'POST', path: '/api/importExperiments', body: big, chunked: true,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
    });
    expect(streamed.status).toBe(413);
    // The server is still fine afterwards.
    expect((await api(server.port, 'appInfo', {}, server.token)).status).toBe(200);
  });
});

describe('browser edition: requests', () => {
  it('rejects invalid payloads (400) with a message naming the field', async () => {
    const res = await api(server.port, 'run', { script: 42, runId: 'r' }, server.token);
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      ok: false,
      error: { type: 'InvalidRequest', message: 'Invalid run request: script: Invalid input: expected string, received number' },
    });
    const notJson = await rawRequest(server.port, {
      method: 'POST', path: '/api/appInfo', body: '{oops', headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json()).toMatchObject({ error: { type: 'InvalidRequest', message: expect.stringContaining('not valid JSON') } });
  });

  it('answers unknown methods with 404 and non-POST API calls with 405', async () => {
    const res = await api(server.port, 'dropDatabase', {}, server.token);
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ ok: false, error: { type: 'UnknownMethod' } });
    expect((await rawRequest(server.port, { path: '/api/appInfo', headers: { Authorization: `Bearer ${server.token}` } })).status).toBe(405);
  });

  it('serves appInfo matching the contract', async () => {
    const res = await api(server.port, 'appInfo', {}, server.token);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const envelope = envelopeSchema(labApi.appInfo.response).parse(res.json());
    expect(envelope.ok && envelope.value.edition).toBe('browser');
  });

  it('serves the renderer with a CSP that forbids eval, and nothing outside it', async () => {
    const index = await rawRequest(server.port, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.text).toContain('<title>lab</title>');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("default-src 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await rawRequest(server.port, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/assets/../../package.json', '/nope.js']) {
      expect((await rawRequest(server.port, { path: p })).status, p).toBe(404);
    }
    expect((await rawRequest(server.port, { method: 'POST', path: '/' })).status).toBe(405);
    // Asked for by every browser; not an error worth a console message.
    expect((await rawRequest(server.port, { path: '/favicon.ico' })).status).toBe(204);
  });

  it('says what to build when the renderer is missing', async () => {
    const bare = await startServer({ dbPath: path.join(tempDir(), 'bare.sqlite'), staticDir: path.join(tempDir(), 'missing') });
    try {
      const res = await rawRequest(bare.port, { path: '/' });
      expect(res.status).toBe(503);
      expect(res.text).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });
});

describe('browser edition: the API end to end through the renderer client', () => {
  const client = () =>
    createLabClient(httpTransport({ token: server.token, baseUrl: server.url.slice(0, -1), fetch: (url, init) => fetch(url, init) }));

  it("runs a corpus script with PyTorch's output and the analytic comparison", async () => {
    const script = fs.readFileSync('tests/corpus/001_seed_course_loss.py', 'utf8');
    const response = await client().run({ script, seed: 11, runId: 'http-run' });
    expect(labApi.run.response.safeParse(response).success).toBe(true);
    expect(response.result.seed).toBe(11);
    expect(response.result.stdout).toBe(fs.readFileSync('tests/corpus/expected/001_seed_course_loss.stdout', 'utf8'));
    expect(response.analysis?.map((a) => [a.leaf, a.formula, a.agree])).toEqual([['x', '2*x', true]]);
    expect((await client().progress({ runId: 'http-run' })).state).toBe('done');
  });

  it('round-trips experiments, and surfaces service errors as LabCallError', async () => {
    const lab = client();
    const created = await lab.createExperiment({ name: 'Over HTTP', script: 'x = 1', builderState: { version: 2, nodes: [] } });
    const saved = await lab.saveExperiment({ id: created.id, expectedRevision: 1, script: 'x = 2', builderState: null, seed: 4, lastResult: { loss: [NaN, Infinity, 1] } });
    expect(saved.revision).toBe(2);
    const listed = await lab.listExperiments({ search: 'HTTP' });
    expect(listed.experiments.map((e) => e.id)).toEqual([created.id]);
    const got = await lab.getExperiment({ id: created.id });
    expect(got).toMatchObject({ script: 'x = 2', seed: 4, revision: 2 });
    const exported = await lab.exportExperiments({ ids: [created.id] });
    await lab.deleteExperiment({ id: created.id });
    await lab.purgeExperiment({ id: created.id });
    const imported = await lab.importExperiments({ content: exported.content });
    expect(imported.ids).toEqual([created.id]);
    expect((await lab.getExperiment({ id: created.id })).script).toBe('x = 2');

    const conflict = await lab.saveExperiment({ id: created.id, expectedRevision: 1, script: 'y', builderState: null, seed: null }).catch((e: unknown) => e);
    expect(conflict).toMatchObject({ name: 'LabCallError', type: 'ConflictError', currentRevision: 2 });
  });
});
