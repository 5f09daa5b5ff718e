import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainWindowOptions, MIN_HEIGHT, MIN_WIDTH } from '../../main/electron/window_options';

const opts = mainWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', bounds: { width: 1000, height: 700 }, darkBackground: false });

/** Every (key path, value) in a nested object, so no nested switch escapes the check. */
function entries(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([k, v]) => entries(v, prefix ? `${prefix}.${k}` : k));
}

describe('main window options', () => {
  it('turns on isolation, the sandbox and web security, and turns off Node', () => {
    const wp = opts.webPreferences!;
    expect(wp.contextIsolation).toBe(true);
    expect(wp.sandbox).toBe(true);
    expect(wp.webSecurity).toBe(true);
    expect(wp.nodeIntegration).toBe(false);
    expect(wp.nodeIntegrationInWorker).toBe(false);
    expect(wp.nodeIntegrationInSubFrames).toBe(false);
    expect(wp.allowRunningInsecureContent).toBe(false);
    expect(wp.webviewTag).toBe(false);
    expect(wp.experimentalFeatures).toBe(false);
    expect(wp).not.toHaveProperty('enableBlinkFeatures');
    expect(wp.disableBlinkFeatures).toBe('Auxclick');
    expect(wp).not.toHaveProperty('additionalArguments');
  });

  it('loads the CommonJS preload, which a sandboxed renderer requires', () => {
    expect(opts.webPreferences!.preload).toBe('/app/dist/electron/preload.cjs');
    expect(opts.webPreferences!.preload!.endsWith('.cjs')).toBe(true);
  });

  it('has no nodeIntegration* key set to true at any depth', () => {
    const bad = entries(opts).filter(([k, v]) => /nodeintegration/i.test(k) && v !== false);
    expect(bad).toEqual([]);
  });

  it('applies restored bounds, and leaves placement to the OS without a position', () => {
    const placed = mainWindowOptions({ preloadPath: 'p.cjs', bounds: { x: 10, y: 20, width: 900, height: 600 }, darkBackground: true });
    expect([placed.x, placed.y, placed.width, placed.height]).toEqual([10, 20, 900, 600]);
    expect(placed.minWidth).toBe(MIN_WIDTH);
    expect(placed.minHeight).toBe(MIN_HEIGHT);
    expect(opts).not.toHaveProperty('x');
    expect(opts.show).toBe(false);
    expect(placed.backgroundColor).not.toBe(opts.backgroundColor);
  });
});

describe('source tree', () => {
  // The options object is only one place a switch could be flipped: any
  // BrowserWindow or <webview> created elsewhere would escape the test above.
  const roots = ['main', 'renderer'].map((d) => path.resolve(__dirname, '../..', d));
  const files = roots.flatMap((root) =>
    fs.existsSync(root)
      ? (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
          .filter((e) => e.isFile() && /\.(ts|js|mjs|cjs|svelte|html)$/.test(e.name))
          .map((e) => path.join(e.parentPath, e.name))
      : [],
  );

  it('never enables nodeIntegration or disables contextIsolation, the sandbox or web security', () => {
    expect(files.length).toBeGreaterThan(0);
    const offenders: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const pattern of [/nodeIntegration\w*\s*:\s*true/, /contextIsolation\s*:\s*false/, /sandbox\s*:\s*false/, /webSecurity\s*:\s*false/, /allowpopups/i, /<webview/i]) {
        if (pattern.test(text)) offenders.push(`${path.relative(process.cwd(), file)}: ${pattern}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('creates BrowserWindows only through mainWindowOptions', () => {
    const creators = files.filter((f) => /new\s+BrowserWindow\s*\(/.test(fs.readFileSync(f, 'utf8')));
    for (const file of creators) {
      const text = fs.readFileSync(file, 'utf8');
      const calls = text.match(/new\s+BrowserWindow\s*\(([^)]*)\)/g) ?? [];
      for (const call of calls) expect(call, file).toMatch(/mainWindowOptions\(/);
    }
  });
});
