// Builds the `window.lab` object the preload exposes. Pure: the preload passes
// ipcRenderer's invoke/on/removeListener, tests pass recorders. Only payloads
// cross to the page: the IpcRendererEvent (whose `sender` is ipcRenderer
// itself) is never handed to page code, and pushes are validated first.

import { LAB_EVENT_CHANNELS, LAB_METHODS, labChannel, runProgressEventSchema } from '../../core/contract/lab_api';
import type { LabEnvelope } from '../../core/contract/lab_api';
import { LAB_MENU_CHANNEL, menuEventSchema } from '../../core/contract/bridge';
import type { LabDesktopBridge, Unsubscribe } from '../../core/contract/bridge';
import type { z } from 'zod';

export type IpcListener = (event: unknown, payload: unknown) => void;

export interface RendererIpc {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: IpcListener): void;
  removeListener(channel: string, listener: IpcListener): void;
}

export function createLabBridge(ipc: RendererIpc): LabDesktopBridge {
  const bridge: Record<string, unknown> = {};
  for (const method of LAB_METHODS) {
    // One argument only, whatever the page passes: main refuses extra ones.
    bridge[method] = (request: unknown) => ipc.invoke(labChannel(method), request ?? {}) as Promise<LabEnvelope<unknown>>;
  }
  function subscribe<T>(channel: string, schema: z.ZodType<T>, listener: (payload: T) => void): Unsubscribe {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const wrapped: IpcListener = (_event, payload) => {
      const parsed = schema.safeParse(payload);
      if (parsed.success) listener(parsed.data);
    };
    ipc.on(channel, wrapped);
    return () => ipc.removeListener(channel, wrapped);
  }
  bridge.onMenu = (listener: Parameters<LabDesktopBridge['onMenu']>[0]) => subscribe(LAB_MENU_CHANNEL, menuEventSchema, listener);
  bridge.onProgress = (listener: Parameters<LabDesktopBridge['onProgress']>[0]) => subscribe(LAB_EVENT_CHANNELS.progress, runProgressEventSchema, listener);
  // Built key by key from LAB_METHODS, so the static type cannot follow; the test checks the shape.
  return Object.freeze(bridge) as unknown as LabDesktopBridge;
}
