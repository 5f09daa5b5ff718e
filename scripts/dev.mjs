#!/usr/bin/env node
// npm run dev: the renderer on Vite's dev server with hot reload, talking to
// the real lab service (the browser edition's API server). Vite forwards
// /api/* to that server, so the page and its API share one origin.
//
//   npm run dev [-- --port 5173] [-- --no-open]
//
// Edits under renderer/ reload in place. Edits under core/ or main/ need a
// restart (the API server runs the bundled dist/cli build).

import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LAUNCH_LINE = /^(http:\/\/127\.0\.0\.1:(\d+)\/)#token=([A-Za-z0-9_-]+)$/m;

const { values } = parseArgs({ options: { port: { type: 'string', default: '5173' }, 'no-open': { type: 'boolean' } } });

const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--no-renderer'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// 1. The API server, on a free port; its launch line carries the port and token.
const api = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli', 'autograd-lab.js'), 'serve', '--no-open', '--port', '0'], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const launch = await new Promise((resolve, reject) => {
  let seen = '';
  api.stdout.on('data', (chunk) => {
    seen += chunk;
    const m = LAUNCH_LINE.exec(seen);
    if (m) resolve({ origin: m[1].slice(0, -1), token: m[3] });
  });
  api.on('exit', (code) => reject(new Error(`the API server exited (${code}) before it was ready`)));
}).catch((error) => {
  console.error(`npm run dev: ${error.message}`);
  process.exit(1);
});

// 2. Vite with the renderer's own config, plus the /api proxy. The API server
// refuses other origins (a page elsewhere must not call it), so the proxy
// presents the request as coming from the API's own origin; the per-launch
// token is still required on every call.
const { createServer } = await import('vite');
const vite = await createServer({
  configFile: path.join(ROOT, 'renderer', 'vite.config.ts'),
  server: {
    host: '127.0.0.1',
    port: Number(values.port),
    strictPort: false,
    open: false,
    proxy: {
      '/api': {
        target: launch.origin,
        changeOrigin: true,
        configure: (proxy) => proxy.on('proxyReq', (req) => req.setHeader('origin', launch.origin)),
      },
    },
  },
});
await vite.listen();
const devUrl = `${vite.resolvedUrls.local[0]}#token=${launch.token}`;
console.log(`Autograd Lab dev server (renderer hot reload, API at ${launch.origin})`);
console.log(devUrl);

if (!values['no-open']) {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  const child = spawn(opener, [devUrl], { stdio: 'ignore', detached: true });
  child.on('error', () => console.log('Open the address above in your browser.'));
  child.unref();
}

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  api.kill('SIGTERM');
  await vite.close();
  process.exit(code);
}
api.on('exit', (code) => {
  if (!stopping) console.error(`npm run dev: the API server exited (${code})`);
  void stop(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stop(0));
