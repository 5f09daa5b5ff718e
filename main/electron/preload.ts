// Runs in the sandboxed renderer before the page, bundled to CommonJS as
// dist/electron/preload.cjs. Exposes exactly one global, `window.lab`.

import { contextBridge, ipcRenderer } from 'electron';
import { createLabBridge } from './preload_bridge';

contextBridge.exposeInMainWorld(
  'lab',
  createLabBridge({
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    on: (channel, listener) => void ipcRenderer.on(channel, listener),
    removeListener: (channel, listener) => void ipcRenderer.removeListener(channel, listener),
  }),
);
