// Window position and size, kept in `<userData>/window-state.json` between
// launches. Pure Node (no Electron): main.ts passes in the display work areas,
// and tests use real files in a temp folder.

import fs from 'node:fs';
import path from 'node:path';

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WIDTH = 1280;
export const DEFAULT_HEIGHT = 820;
/** Sizes beyond this are corrupt or hostile; no real display is this large. */
const MAX_EXTENT = 32_768;
/** How much of the window must lie on some display for the saved position to be reused. */
const MIN_VISIBLE_PX = 64;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: WindowBounds;
  maximized: boolean;
  fullScreen: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = {
  bounds: { width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT },
  maximized: false,
  fullScreen: false,
};

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function overlap(a: Rect, b: Rect): { w: number; h: number } {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { w: Math.max(0, w), h: Math.max(0, h) };
}

/**
 * Turns anything read from disk into a usable state. Unknown shapes give the
 * default; a size is kept but a position that no longer lands on any display
 * (a monitor was unplugged) is dropped so the OS re-centres the window, and the
 * size is shrunk to fit the primary work area.
 */
export function validateWindowState(raw: unknown, workAreas: readonly Rect[], minSize = { width: 1, height: 1 }): WindowState {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_WINDOW_STATE;
  const r = raw as Record<string, unknown>;
  const b = r.bounds as Record<string, unknown> | undefined;
  if (typeof b !== 'object' || b === null) return DEFAULT_WINDOW_STATE;
  if (!isInt(b.width, minSize.width, MAX_EXTENT) || !isInt(b.height, minSize.height, MAX_EXTENT)) return DEFAULT_WINDOW_STATE;
  let width = b.width;
  let height = b.height;
  const primary = workAreas[0];
  if (primary) {
    width = Math.max(minSize.width, Math.min(width, primary.width));
    height = Math.max(minSize.height, Math.min(height, primary.height));
  }
  const bounds: WindowBounds = { width, height };
  if (isInt(b.x, -MAX_EXTENT, MAX_EXTENT) && isInt(b.y, -MAX_EXTENT, MAX_EXTENT)) {
    const rect = { x: b.x, y: b.y, width, height };
    // The title bar (top strip) must be reachable, not just any corner.
    const titleBar = { x: rect.x, y: rect.y, width: rect.width, height: Math.min(rect.height, MIN_VISIBLE_PX) };
    const visible = workAreas.some((area) => {
      const o = overlap(titleBar, area);
      return o.w >= Math.min(MIN_VISIBLE_PX, width) && o.h > 0;
    });
    if (visible) {
      bounds.x = b.x;
      bounds.y = b.y;
    }
  }
  return { bounds, maximized: r.maximized === true, fullScreen: r.fullScreen === true };
}

/** Reads the saved state; a missing, unreadable or malformed file gives the default. */
export function loadWindowState(userDataDir: string, workAreas: readonly Rect[], minSize?: { width: number; height: number }): WindowState {
  let text: string;
  try {
    text = fs.readFileSync(path.join(userDataDir, WINDOW_STATE_FILE), 'utf8');
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  if (text.length > 4096) return DEFAULT_WINDOW_STATE;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  return validateWindowState(raw, workAreas, minSize);
}

/**
 * Writes through a temp file and rename, so a crash mid-write leaves the old
 * file rather than a truncated one. Bounds should be the window's *normal*
 * bounds (not the maximized ones) so un-maximizing after a relaunch restores
 * the size the user chose.
 */
export function saveWindowState(userDataDir: string, state: WindowState): void {
  fs.mkdirSync(userDataDir, { recursive: true });
  const file = path.join(userDataDir, WINDOW_STATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const bounds: WindowBounds = { width: Math.round(state.bounds.width), height: Math.round(state.bounds.height) };
  if (state.bounds.x !== undefined && state.bounds.y !== undefined) {
    bounds.x = Math.round(state.bounds.x);
    bounds.y = Math.round(state.bounds.y);
  }
  fs.writeFileSync(tmp, JSON.stringify({ bounds, maximized: state.maximized, fullScreen: state.fullScreen }, null, 2) + '\n');
  fs.renameSync(tmp, file);
}
