// The IPC handlers run against the real lab service on a real SQLite file;
// only the sender (the WebFrameMain Electron would supply) is a stand-in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_CHANNELS, LAB_METHODS, envelopeSchema, labApi } from '../../core/contract/lab_api';
import type { LabEnvelope, LabMethod } from '../../core/contract/lab_api';
import { LAB_PUSH_CHANNELS } from '../../core/contract/bridge';
import { LAB_IPC_CHANNELS, checkSender, isAllowedChannel, registerLabIpc } from '../../main/electron/ipc';
import type { FrameLike, InvokeListener, IpcMainLike } from '../../main/electron/ipc';
import { LabService } from '../../main/service/index';

const mainFrame: FrameLike = { url: 'app://lab/index.html#/experiments', processId: 4, routingId: 1 };
let windowOpen = true;
const handlers = new Map<string, InvokeListener>();
const ipcMain: IpcMainLike = {
  handle: (channel, listener) => {
    if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    handlers.set(channel, listener);
  },
  removeHandler: (channel) => void handlers.delete(channel),
};
const logs: string[] = [];
const succeeded: LabMethod[] = [];
let dir: string;
let service: LabService;
let unregister: () => void;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agl-ipc-'));
  service = LabService.open({ dbPath: path.join(dir, 'experiments.sqlite'), edition: 'electron' });
  unregister = registerLabIpc(ipcMain, { handlers: service, mainFrame: () => (windowOpen ? mainFrame : null), log: (m) => logs.push(m), onSuccess: (m) => succeeded.push(m) });
});
afterAll(async () => {
  unregister();
  await service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What ipcRenderer.invoke(channel, ...args) would get back from `frame`. */
async function invoke(channel: string, frame: FrameLike | null, ...args: unknown[]): Promise<LabEnvelope<unknown>> {
  const listener = handlers.get(channel);
  if (!listener) throw new Error(`No handler registered for '${channel}'`);
  return (await listener({ senderFrame: frame }, ...args)) as LabEnvelope<unknown>;
}

/** Checks an answer against the contract's envelope for its method. */
function checked<M extends LabMethod>(method: M, envelope: LabEnvelope<unknown>) {
  const parsed = envelopeSchema(labApi[method].response).parse(envelope);
  if (!parsed.ok) throw new Error(`${method}: ${parsed.error.type}: ${parsed.error.message}`);
  return parsed.value as import('../../core/contract/lab_api').LabResponse<M>;
}

describe('channel allow-list', () => {
  it('registers exactly the contract channels, all prefixed lab:', () => {
    expect([...handlers.keys()].sort()).toEqual([...LAB_CHANNELS].sort());
    expect(LAB_IPC_CHANNELS).toEqual(LAB_METHODS.map((m) => `lab:${m}`));
    for (const channel of handlers.keys()) expect(channel.startsWith('lab:')).toBe(true);
  });

  it('has no handler for push channels, unprefixed names or unknown methods', async () => {
    for (const channel of [...LAB_PUSH_CHANNELS, 'appInfo', 'lab:eval', 'lab:', 'LAB:appInfo', 'lab:constructor', 'lab:__proto__']) {
      expect(isAllowedChannel(channel), channel).toBe(false);
      await expect(invoke(channel, mainFrame)).rejects.toThrow(/No handler registered/);
    }
  });
});

describe('through the real service', () => {
  it('creates, saves, lists and reopens an experiment, each answer matching the contract', async () => {
    const created = checked('createExperiment', await invoke('lab:createExperiment', mainFrame, { name: 'Square', script: 'x = 1\n', seed: 7 }));
    const saved = checked('saveExperiment', await invoke('lab:saveExperiment', mainFrame, { id: created.id, expectedRevision: 1, script: 'x = 2\n', builderState: null, seed: 7 }));
    expect(saved.revision).toBe(2);
    const listed = checked('listExperiments', await invoke('lab:listExperiments', mainFrame, {}));
    expect(listed.experiments.map((e) => e.id)).toEqual([created.id]);
    const reopened = checked('getExperiment', await invoke('lab:getExperiment', mainFrame, { id: created.id }));
    expect(reopened).toMatchObject({ script: 'x = 2\n', seed: 7, revision: 2 });
    expect(succeeded).toEqual(['createExperiment', 'saveExperiment', 'listExperiments', 'getExperiment']);
  });

  it('runs a script in the worker and returns a contract-shaped result with the seed used', async () => {
    const { result } = checked('run', await invoke('lab:run', mainFrame, { script: 'x = 1\n', seed: 11, runId: 'ipc-run-1' }));
    expect(result.seed).toBe(11);
  });

  it('reports the electron edition and the database location', async () => {
    const info = checked('appInfo', await invoke('lab:appInfo', mainFrame));
    expect(info.edition).toBe('electron');
    expect(info.dbPath).toBe(path.join(dir, 'experiments.sqlite'));
  });

  it('rejects an invalid payload with a message naming the field, and extra arguments', async () => {
    const bad = await invoke('lab:createExperiment', mainFrame, { name: '   ' });
    expect(bad).toMatchObject({ ok: false, error: { type: 'InvalidRequest' } });
    expect(!bad.ok && bad.error.message).toMatch(/name: must not be empty/);
    const extra = await invoke('lab:appInfo', mainFrame, {}, { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { type: 'InvalidRequest' } });
  });

  it('carries service failures as typed errors, never as exceptions', async () => {
    const missing = await invoke('lab:getExperiment', mainFrame, { id: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { type: 'NotFound' } });
    expect(envelopeSchema(labApi.getExperiment.response).safeParse(missing).success).toBe(true);
  });
});

describe('sender check', () => {
  const count = async () => (checked('listExperiments', await invoke('lab:listExperiments', mainFrame, {}))).total;

  it.each([
    ['a subframe of the window', { url: 'app://lab/index.html', processId: 4, routingId: 2 }, /not the app's main frame/],
    ['another window or process', { url: 'app://lab/index.html', processId: 9, routingId: 1 }, /not the app's main frame/],
    ['the main frame after navigating away', { ...mainFrame, url: 'https://evil.example/' }, /not showing the app/],
    ['a look-alike app:// host', { ...mainFrame, url: 'app://lab.evil/index.html' }, /not showing the app/],
    ['a file:// page', { ...mainFrame, url: 'file:///tmp/x.html' }, /not showing the app/],
    ['a destroyed frame', null, /sender frame is gone/],
  ])('refuses %s, logs why, and leaves the database untouched', async (_label, frame, why) => {
    const before = await count();
    const refused = await invoke('lab:createExperiment', frame as FrameLike | null, { name: 'Injected' });
    expect(refused).toMatchObject({ ok: false, error: { type: 'Forbidden' } });
    expect(logs.at(-1)).toMatch(why);
    expect(logs.at(-1)).toMatch(/^refused lab:createExperiment: /);
    expect(await count()).toBe(before);
  });

  it('refuses every call while the window is closed', async () => {
    windowOpen = false;
    try {
      expect(await invoke('lab:appInfo', mainFrame)).toMatchObject({ ok: false, error: { type: 'Forbidden' } });
    } finally {
      windowOpen = true;
    }
  });

  it('accepts the same frame under a fresh wrapper object', () => {
    expect(checkSender({ senderFrame: { ...mainFrame } }, mainFrame)).toEqual({ ok: true });
  });
});
