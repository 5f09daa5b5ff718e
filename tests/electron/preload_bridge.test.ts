import { describe, expect, it } from 'vitest';
import { LAB_CHANNELS, LAB_EVENT_CHANNELS, LAB_METHODS } from '../../core/contract/lab_api';
import { LAB_MENU_CHANNEL, LAB_PUSH_CHANNELS, collidesWithMethod } from '../../core/contract/bridge';
import type { MenuEvent } from '../../core/contract/bridge';
import { createLabBridge } from '../../main/electron/preload_bridge';
import type { IpcListener } from '../../main/electron/preload_bridge';

function recorder() {
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<IpcListener>>();
  const ipc = {
    invoke: async (channel: string, payload: unknown) => {
      invoked.push([channel, payload]);
      return { ok: true, value: channel };
    },
    on: (channel: string, l: IpcListener) => void listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel: string, l: IpcListener) => void listeners.get(channel)?.delete(l),
  };
  // The event object ipcRenderer passes first: its `sender` must never reach the page.
  const push = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipcRenderer itself' }, payload);
  };
  return { ipc, invoked, listeners, push };
}

describe('window.lab', () => {
  it('has one function per contract method plus onMenu and onProgress, and nothing else', () => {
    const bridge = createLabBridge(recorder().ipc);
    expect(Object.keys(bridge).sort()).toEqual([...LAB_METHODS, 'onMenu', 'onProgress'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes lab:<method> with exactly one payload, defaulting to {}', async () => {
    const r = recorder();
    const bridge = createLabBridge(r.ipc);
    await bridge.appInfo({});
    await (bridge.listExperiments as (...a: unknown[]) => Promise<unknown>)(undefined, 'extra');
    await bridge.run({ script: 'x = 1', runId: 'r1' });
    expect(r.invoked).toEqual([
      ['lab:appInfo', {}],
      ['lab:listExperiments', {}],
      ['lab:run', { script: 'x = 1', runId: 'r1' }],
    ]);
    for (const [channel] of r.invoked) expect(LAB_CHANNELS).toContain(channel);
  });

  it('passes validated menu events to the page, without the IPC event, and drops malformed ones', () => {
    const r = recorder();
    const got: unknown[][] = [];
    const off = createLabBridge(r.ipc).onMenu((...args) => got.push(args));
    r.push(LAB_MENU_CHANNEL, { command: 'save' });
    r.push(LAB_MENU_CHANNEL, { command: 'open', id: 'abc' });
    r.push(LAB_MENU_CHANNEL, { command: 'format-disk' });
    r.push(LAB_MENU_CHANNEL, { command: 'open' });
    r.push(LAB_MENU_CHANNEL, null);
    expect(got).toEqual([[{ command: 'save' }], [{ command: 'open', id: 'abc' }]] satisfies MenuEvent[][]);
    off();
    r.push(LAB_MENU_CHANNEL, { command: 'run' });
    expect(got).toHaveLength(2);
    expect(r.listeners.get(LAB_MENU_CHANNEL)!.size).toBe(0);
  });

  it('passes validated progress events and refuses a non-function listener', () => {
    const r = recorder();
    const bridge = createLabBridge(r.ipc);
    const got: unknown[] = [];
    bridge.onProgress((e) => got.push(e));
    const event = { runId: 'r1', line: 3, iteration: 7, total: 100, elapsedMs: 12.5 };
    r.push(LAB_EVENT_CHANNELS.progress, event);
    r.push(LAB_EVENT_CHANNELS.progress, { runId: 'r1' });
    expect(got).toEqual([event]);
    expect(() => bridge.onMenu('alert(1)' as never)).toThrow(TypeError);
  });

  it('uses push channels that no invoke channel shadows', () => {
    for (const channel of LAB_PUSH_CHANNELS) expect(collidesWithMethod(channel), channel).toBe(false);
    expect(collidesWithMethod('lab:run')).toBe(true);
  });
});
