// Builds everything that runs under Node (CLI, service worker, HTTP edition, Electron main/preload)
// with esbuild, then the renderer with Vite when it exists.
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const external = ['better-sqlite3', 'electron'];
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, external, logLevel: 'warning' };

const esm = [
  ['main/cli/autograd-lab.ts', 'dist/cli/autograd-lab.js'],
  ['main/service/run_worker.ts', 'dist/service/run_worker.js'],
  ['main/electron/main.ts', 'dist/electron/main.js'],
];

for (const [entry, outfile] of esm) {
  if (!existsSync(entry)) continue;
  await build({
    ...common,
    entryPoints: [entry],
    outfile,
    format: 'esm',
    // Bundled ESM still needs require() for better-sqlite3, which is CommonJS.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}

// A sandboxed preload must be CommonJS (see ENVIRONMENT.md).
if (existsSync('main/electron/preload.ts')) {
  await build({ ...common, entryPoints: ['main/electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs' });
}

mkdirSync('dist', { recursive: true });
writeFileSync('dist/package.json', JSON.stringify({ type: 'module' }) + '\n');

if (existsSync('renderer/index.html') && !process.argv.includes('--no-renderer')) {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
}
