// Builds the renderer into dist/renderer. The same files are served by the
// Electron app:// protocol and by the browser edition, so every URL is relative.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    // Plugin timing reports are noise in `npm run build` on a busy 2-core machine.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    // `npm run dev`: the browser edition's API runs separately (LAB_API=http://127.0.0.1:PORT);
    // forward /api to it as if the page came from that server, which checks Host and Origin.
    proxy: process.env.LAB_API
      ? {
          '/api': {
            target: process.env.LAB_API,
            changeOrigin: true,
            configure: (proxy) => proxy.on('proxyReq', (request) => request.removeHeader('origin')),
          },
        }
      : undefined,
  },
});
