// `npm test`: build, run every suite (vitest, then Playwright), and end with one
// summary line `N passed, N failed, N skipped` summed over all suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const node = process.execPath;
const tmp = mkdtempSync(join(tmpdir(), 'autograd-lab-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let problems = 0;

function run(label, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(node, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

if (run('build', ['scripts/build.mjs']) !== 0) {
  console.log('\n0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

// Static checks count as tests: a type error or lint finding fails CI like any test.
const checks = [
  ['typecheck (tsc, Node and tests)', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['typecheck (tsc, core has no Node or DOM)', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.core.json', '--noEmit']],
  ['svelte-check (renderer)', ['node_modules/svelte-check/bin/svelte-check', '--tsconfig', 'renderer/tsconfig.json', '--fail-on-warnings'], 'renderer/tsconfig.json'],
  ['lint (eslint)', ['node_modules/eslint/bin/eslint.js', '.']],
];
for (const [label, args, needs] of checks) {
  if (needs && !existsSync(needs)) continue;
  if (run(label, args) === 0) totals.passed++;
  else totals.failed++;
}

const vitestJson = join(tmp, 'vitest.json');
const vitestArgs = ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`];
const vitestStatus = run('unit and integration (vitest)', vitestArgs);
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // A suite that failed to load counts as a failure even though it ran no test.
  totals.failed += r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0;
} else if (vitestStatus !== 0) {
  problems++;
}

if (existsSync('playwright.config.ts')) {
  const pwJson = join(tmp, 'playwright.json');
  const status = run('end to end (Playwright, Chromium)', ['node_modules/@playwright/test/cli.js', 'test', '-c', 'playwright.config.ts', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats;
    totals.passed += s.expected + (s.flaky ?? 0);
    totals.failed += s.unexpected;
    totals.skipped += s.skipped;
  } else if (status !== 0) {
    problems++;
  }
}

const failed = totals.failed + problems;
console.log(`\n${totals.passed} passed, ${failed} failed, ${totals.skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
