// electron-builder.yml against electron-builder's own JSON schema, plus the
// cross-file facts the schema cannot know (names and paths other code relies on).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { ELECTRON_BINDING_RELATIVE } from '../../main/store/native_binding';
import { EXPORT_FILE_EXTENSION, PRODUCT_NAME } from '../../main/store';

const root = path.resolve(__dirname, '../..');
const require = createRequire(import.meta.url);
// js-yaml comes with electron-builder (which parses this same file with it); it ships no types.
const yaml = require('js-yaml') as { load(text: string): unknown };
const schema = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(schema);

interface FileSet {
  from: string;
  to: string;
  filter?: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  icon: string;
  files: string[];
  asarUnpack: string[];
  extraResources: FileSet[];
  fileAssociations: Array<{ ext: string; mimeType?: string }>;
  npmRebuild: boolean;
  linux: { target: string[]; mimeTypes: string[] };
  mac: { target: string[] };
  win: { target: string[] };
  electronFuses: Record<string, boolean>;
}
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; homepage?: string; author?: { email?: string } };

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s schema', () => {
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('would be caught by the schema if misspelled (the validator is not vacuous)', () => {
    expect(validate({ ...config, fileAssociation: config.fileAssociations })).toBe(false);
    expect(validate({ ...config, linux: { ...config.linux, target: 42 } })).toBe(false);
  });

  it('builds Linux AppImage and deb, macOS dmg and Windows nsis without rebuilding native modules in place', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.npmRebuild).toBe(false);
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    // deb needs both; electron-builder fails late without them.
    expect(pkg.homepage).toBeTruthy();
    expect(pkg.author?.email).toMatch(/@/);
  });

  it('uses the product name that names the userData folder the CLI also finds', () => {
    expect(config.productName).toBe(PRODUCT_NAME);
  });

  it('associates the export file extension', () => {
    const ext = EXPORT_FILE_EXTENSION.replace(/^\./, '');
    expect(config.fileAssociations.map((a) => a.ext)).toContain(ext);
    const mime = config.fileAssociations.find((a) => a.ext === ext)!.mimeType!;
    expect(config.linux.mimeTypes).toContain(mime);
  });

  it('ships the Electron-ABI better-sqlite3 where native_binding.ts looks for it', () => {
    const dir = path.dirname(ELECTRON_BINDING_RELATIVE); // build-electron/better-sqlite3
    const entry = config.extraResources.find((r) => r.to === 'better-sqlite3');
    expect(entry).toBeDefined();
    expect(path.normalize(entry!.from)).toBe(path.normalize(dir));
    expect(entry!.filter).toContain(path.basename(ELECTRON_BINDING_RELATIVE));
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    // The rebuild script writes exactly there.
    expect(fs.readFileSync(path.join(root, 'scripts/rebuild-electron.mjs'), 'utf8')).toContain("path.join(OUT_ROOT, 'better-sqlite3')");
  });

  it('packs the main entry, the preload, the renderer, the worker and the migrations', () => {
    expect(pkg.main).toBe('dist/electron/main.js');
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/**/*', 'migrations/*.sql']));
    // The worker runs from app.asar.unpacked and needs dist/package.json's "type": "module" beside it.
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['dist/service/**', 'dist/package.json']));
    expect(fs.readdirSync(path.join(root, 'migrations')).some((f) => f.endsWith('.sql'))).toBe(true);
  });

  it('hardens the binary with fuses (no run-as-node, no NODE_OPTIONS, asar only)', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });
});

describe('build/icon.png', () => {
  it('is a 512x512 RGBA PNG whose image data inflates to full size', () => {
    const png = fs.readFileSync(path.join(root, config.icon));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([512, 512, 8, 6]);
    const idat: Buffer[] = [];
    for (let o = 8; o < png.length; ) {
      const len = png.readUInt32BE(o);
      if (png.toString('ascii', o + 4, o + 8) === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len));
      o += 12 + len;
    }
    expect(zlib.inflateSync(Buffer.concat(idat)).length).toBe(512 * (1 + 512 * 4));
  });
});
