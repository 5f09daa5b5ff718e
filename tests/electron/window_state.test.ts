import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, WINDOW_STATE_FILE, loadWindowState, saveWindowState, validateWindowState } from '../../main/electron/window_state';
import type { Rect } from '../../main/electron/window_state';

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const right: Rect = { x: 1920, y: 0, width: 1280, height: 1024 };
const min = { width: 720, height: 480 };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agl-winstate-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('window state file', () => {
  it('round-trips through a real file', () => {
    const state = { bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true, fullScreen: false };
    saveWindowState(dir, state);
    expect(loadWindowState(dir, [primary], min)).toEqual(state);
    // No temp file is left behind by the atomic write.
    expect(fs.readdirSync(dir)).toEqual([WINDOW_STATE_FILE]);
  });

  it('creates the userData folder when it does not exist yet', () => {
    const nested = path.join(dir, 'a', 'b');
    saveWindowState(nested, DEFAULT_WINDOW_STATE);
    expect(loadWindowState(nested, [primary], min)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('falls back to the default for a missing, truncated, oversized or wrongly shaped file', () => {
    expect(loadWindowState(dir, [primary], min)).toEqual(DEFAULT_WINDOW_STATE);
    const file = path.join(dir, WINDOW_STATE_FILE);
    for (const text of ['{"bounds": {"width": 10', 'null', '[]', '{"bounds": {"width": "800", "height": 600}}', ' '.repeat(5000) + '{}']) {
      fs.writeFileSync(file, text);
      expect(loadWindowState(dir, [primary], min), text.slice(0, 30)).toEqual(DEFAULT_WINDOW_STATE);
    }
  });
});

describe('validateWindowState', () => {
  it('keeps a position on a secondary display', () => {
    const s = validateWindowState({ bounds: { x: 2000, y: 100, width: 1000, height: 700 } }, [primary, right], min);
    expect(s.bounds).toEqual({ x: 2000, y: 100, width: 1000, height: 700 });
  });

  it('drops a position whose display is gone, keeping the size', () => {
    const s = validateWindowState({ bounds: { x: 2000, y: 100, width: 1000, height: 700 } }, [primary], min);
    expect(s.bounds).toEqual({ width: 1000, height: 700 });
  });

  it('drops a position that hides the title bar above the screen', () => {
    const s = validateWindowState({ bounds: { x: 100, y: -800, width: 1000, height: 700 } }, [primary], min);
    expect(s.bounds).toEqual({ width: 1000, height: 700 });
  });

  it('shrinks a window larger than the primary work area and enforces the minimum size', () => {
    expect(validateWindowState({ bounds: { width: 5000, height: 3000 } }, [primary], min).bounds).toEqual({ width: 1920, height: 1040 });
    expect(validateWindowState({ bounds: { width: 100, height: 100 } }, [primary], min)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('rejects non-integer, infinite and absurd numbers', () => {
    for (const bounds of [
      { width: 800.5, height: 600 },
      { width: 1e9, height: 600 },
      { width: Number.NaN, height: 600 },
    ]) {
      expect(validateWindowState({ bounds }, [primary], min)).toEqual(DEFAULT_WINDOW_STATE);
    }
    expect(validateWindowState({ bounds: { x: 1e9, y: 0, width: 800, height: 600 } }, [primary], min).bounds).toEqual({ width: 800, height: 600 });
  });

  it('treats only literal true as maximized or full screen', () => {
    const s = validateWindowState({ bounds: { width: 800, height: 600 }, maximized: 'yes', fullScreen: 1 }, [primary], min);
    expect([s.maximized, s.fullScreen]).toEqual([false, false]);
  });
});
