// Builds the app once before the e2e suites (esbuild bundles + the renderer),
// unless E2E_SKIP_BUILD=1 says the dist/ folder is already fresh.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function globalSetup(): void {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  const root = path.resolve(import.meta.dirname, '../../..');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}
