// The main-process end of the `window.lab` bridge. Pure (no Electron import):
// main.ts passes in ipcMain and the window, and tests pass stand-ins.
//
// Every `lab:<method>` channel of the contract gets one handler, and nothing
// else is registered. Each call must come from the app's own main frame showing
// app://lab/ (not a subframe, not a page that somehow navigated elsewhere); the
// payload is validated against the contract; the answer is always an envelope.

import { APP_HOST, APP_SCHEME } from './app_protocol';
import { LAB_CHANNEL_PREFIX, LAB_METHODS, labChannel } from '../../core/contract/lab_api';
import type { LabEnvelope, LabHandlers, LabMethod } from '../../core/contract/lab_api';
// The same validate-call-wrap step the HTTP edition uses, so both transports answer alike.
import { handleLabCall } from '../service/handle_lab_call';

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly processId: number;
  readonly routingId: number;
}

/** The parts of IpcMainInvokeEvent the handler reads. */
export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

export type InvokeListener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

/** The parts of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: InvokeListener): void;
  removeHandler(channel: string): void;
}

export interface LabIpcOptions {
  handlers: LabHandlers;
  /** The main frame of the app window, or null while there is none (window closed). */
  mainFrame: () => FrameLike | null;
  log?: (message: string) => void;
  /** Called after each successful call (main.ts refreshes Open Recent after saves). */
  onSuccess?: (method: LabMethod) => void;
}

/** Exactly the contract's channels, derived from it so the two never drift. */
export const LAB_IPC_CHANNELS: readonly string[] = LAB_METHODS.map(labChannel);

export type SenderCheck = { ok: true } | { ok: false; reason: string };

export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

export function checkSender(event: InvokeEventLike, mainFrame: FrameLike | null): SenderCheck {
  const frame = event.senderFrame;
  if (!frame) return { ok: false, reason: 'the sender frame is gone (navigated or destroyed)' };
  if (!mainFrame) return { ok: false, reason: 'the app window is not open' };
  // Electron hands out one WebFrameMain object per frame, so identity is the
  // check; the (process, routing) pair names the same frame if a wrapper is new.
  const same = frame === mainFrame || (frame.processId === mainFrame.processId && frame.routingId === mainFrame.routingId);
  if (!same) return { ok: false, reason: `the sender is not the app's main frame (${describeUrl(frame.url)})` };
  if (!isAppUrl(frame.url)) return { ok: false, reason: `the main frame is not showing the app (${describeUrl(frame.url)})` };
  return { ok: true };
}

function describeUrl(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url || '(no url)';
}

/** Handles one invoke on `lab:<method>`: sender check, validation, call, envelope. */
export async function handleLabInvoke(method: LabMethod, event: InvokeEventLike, args: readonly unknown[], options: LabIpcOptions): Promise<LabEnvelope<unknown>> {
  const log = options.log ?? (() => {});
  const sender = checkSender(event, options.mainFrame());
  if (!sender.ok) {
    log(`refused ${labChannel(method)}: ${sender.reason}`);
    return { ok: false, error: { type: 'Forbidden', message: `Refused ${method}: ${sender.reason}.` } };
  }
  if (args.length > 1) {
    return { ok: false, error: { type: 'InvalidRequest', message: `Invalid ${method} request: expected one argument, got ${args.length}` } };
  }
  const envelope = await handleLabCall(options.handlers, method, args[0]);
  if (envelope.ok) options.onSuccess?.(method);
  else if (envelope.error.type === 'InternalError') log(`${labChannel(method)} failed: ${envelope.error.message}`);
  return envelope;
}

/** Registers one handler per contract method; returns a function that removes them all. */
export function registerLabIpc(ipcMain: IpcMainLike, options: LabIpcOptions): () => void {
  for (const method of LAB_METHODS) {
    ipcMain.handle(labChannel(method), (event, ...args) => handleLabInvoke(method, event, args, options));
  }
  return () => {
    for (const method of LAB_METHODS) ipcMain.removeHandler(labChannel(method));
  };
}

/** True for a channel this module would answer; anything else has no handler. */
export function isAllowedChannel(channel: string): boolean {
  return channel.startsWith(LAB_CHANNEL_PREFIX) && LAB_IPC_CHANNELS.includes(channel);
}
