/**
 * What the Electron preload exposes as `window.lab`: the contract's methods
 * (envelopes, never throwing) plus two subscriptions for main → renderer
 * pushes. Shared by main/electron/preload.ts (which implements it) and the
 * renderer (which declares `window.lab?: LabDesktopBridge`).
 */
import { z } from 'zod';
import { LAB_EVENT_CHANNELS, isLabMethod } from './lab_api';
import type { LabBridge, RunProgressEvent } from './lab_api';

export type { LabBridge } from './lab_api';

/** Main → renderer: an application-menu item (or an OS "open file") was chosen. */
export const LAB_MENU_CHANNEL = 'lab:menu';

/**
 * The fixed set of commands the menu sends. The renderer does the work with the
 * same flows the browser edition uses (its own dialogs, downloads, file input),
 * so both editions behave alike.
 */
export const MENU_COMMANDS = ['new', 'open', 'save', 'run', 'export', 'import', 'examples', 'history', 'about'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** `open` carries the experiment to open (Open Recent, or a file the OS handed the app and main imported). */
export const menuEventSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('open'), id: z.string().min(1).max(100) }),
  z.object({ command: z.enum(['new', 'save', 'run', 'export', 'import', 'examples', 'history', 'about']) }),
]);
export type MenuEvent = z.infer<typeof menuEventSchema>;

/** Unsubscribes the listener it came from. */
export type Unsubscribe = () => void;

export interface LabBridgeEvents {
  /** Application-menu commands (Electron only). */
  onMenu(listener: (event: MenuEvent) => void): Unsubscribe;
  /** Loop progress of running scripts, pushed on LAB_EVENT_CHANNELS.progress (Electron only; the browser edition polls `progress`). */
  onProgress(listener: (event: RunProgressEvent) => void): Unsubscribe;
}

/** `window.lab` in the desktop app. `bridgeTransport(window.lab)` accepts it. */
export type LabDesktopBridge = LabBridge & LabBridgeEvents;

/** Every main → renderer channel; none may collide with an invoke channel `lab:<method>`. */
export const LAB_PUSH_CHANNELS = [LAB_MENU_CHANNEL, LAB_EVENT_CHANNELS.progress] as const;

/** True for channel names that a push would shadow, which bridge tests assert never happens. */
export function collidesWithMethod(channel: string): boolean {
  return channel.startsWith('lab:') && isLabMethod(channel.slice(4));
}
