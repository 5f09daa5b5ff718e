import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths, unpackedAsarPath } from '../../main/electron/app_paths';

describe('app paths', () => {
  it('finds the preload, renderer and icon relative to dist/electron', () => {
    const p = appPaths('/opt/lab/resources/app.asar/dist/electron');
    expect(p.preload).toBe('/opt/lab/resources/app.asar/dist/electron/preload.cjs');
    expect(p.renderer).toBe('/opt/lab/resources/app.asar/dist/renderer');
    expect(p.icon).toBe(path.join('/opt/lab/resources/app.asar', 'build', 'icon.png'));
  });

  it('maps files inside app.asar to their unpacked copies, and leaves others alone', () => {
    expect(unpackedAsarPath('/opt/lab/resources/app.asar/dist/service/run_worker.js')).toBe('/opt/lab/resources/app.asar.unpacked/dist/service/run_worker.js');
    expect(unpackedAsarPath('C:\\Lab\\resources\\app.asar\\dist\\service\\run_worker.js')).toBe('C:\\Lab\\resources\\app.asar.unpacked\\dist\\service\\run_worker.js');
    expect(unpackedAsarPath('/home/u/autograd-lab/dist/service/run_worker.js')).toBe('/home/u/autograd-lab/dist/service/run_worker.js');
    expect(unpackedAsarPath('/home/u/app.asarx/run_worker.js')).toBe('/home/u/app.asarx/run_worker.js');
  });
});
