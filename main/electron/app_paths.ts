// Where the bundled app's pieces are, relative to dist/electron/main.js. Pure.

import path from 'node:path';

export interface AppPaths {
  /** The CommonJS preload (a sandboxed renderer cannot load an ESM one). */
  preload: string;
  /** The built renderer served on app://lab/. */
  renderer: string;
  /** Window icon for development runs (packaged apps take it from the bundle). */
  icon: string;
}

export function appPaths(mainDir: string): AppPaths {
  return {
    preload: path.join(mainDir, 'preload.cjs'),
    renderer: path.join(mainDir, '..', 'renderer'),
    icon: path.join(mainDir, '..', '..', 'build', 'icon.png'),
  };
}

/**
 * The unpacked copy of a file inside app.asar (electron-builder's asarUnpack
 * puts it under app.asar.unpacked/). Worker threads and native addons load
 * from the real filesystem, which cannot see into the archive.
 */
export function unpackedAsarPath(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}
