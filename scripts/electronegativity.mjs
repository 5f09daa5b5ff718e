#!/usr/bin/env node
// npm run test:electron-security — Electronegativity over main/ and renderer/.
//
//   node scripts/electronegativity.mjs [-o report.sarif] [-i other-root]
//
// -i scans main/ and renderer/ under another folder (the test plants a bad
// window there to prove the gate fails).
//
// Electronegativity exits 0 whatever it finds, and its SARIF carries no
// severity, so this runs its engine once, writes the SARIF with each result's
// severity, confidence and code sample added as SARIF properties, and fails
// (exit 1) on HIGH or MEDIUM findings not listed, with a reason, in
// tests/security/electronegativity-exclusions.json. Offline it still works
// (its translation and release look-ups time out after a few seconds).
//
// Svelte components are scanned by their <script> blocks, copied to `.svelte.ts`
// files, since Electronegativity reads only JS/TS/HTML.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCANNED = ['main', 'renderer'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.svelte-kit']);
export const EXCLUSIONS_FILE = path.join(ROOT, 'tests', 'security', 'electronegativity-exclusions.json');
export const FAILING_SEVERITIES = ['HIGH', 'MEDIUM'];

function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst);
    else if (entry.name.endsWith('.svelte')) {
      const text = fs.readFileSync(src, 'utf8');
      const scripts = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
      if (scripts.length) fs.writeFileSync(`${dst}.ts`, scripts.join('\n'));
    } else if (entry.isFile()) fs.copyFileSync(src, dst);
  }
}

/** Electronegativity writes its report with an unawaited fs.writeFile. */
async function readWhenWritten(file) {
  for (let waited = 0; ; waited += 50) {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      if (waited > 10_000) throw new Error(`no complete SARIF report at ${file}: ${error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Runs the scan; returns the SARIF document (also written to `output`). */
export async function scan(output, root = ROOT) {
  const require = createRequire(import.meta.url);
  const run = require(path.join(ROOT, 'node_modules/@doyensec/electronegativity/dist/runner.js'));
  const electronVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agl-electronegativity-'));
  fs.rmSync(output, { force: true });
  fs.mkdirSync(path.dirname(output), { recursive: true });
  try {
    for (const dir of SCANNED) if (fs.existsSync(path.join(root, dir))) copyTree(path.join(root, dir), path.join(work, dir));
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(work, 'package.json'));
    const result = await run(
      {
        input: work,
        output,
        isSarif: true,
        isRelative: true,
        customScan: [],
        excludeFromScan: [],
        isVerbose: false,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    );
    const sarif = await readWhenWritten(output);
    const results = sarif.runs[0].results;
    // writeIssues emits one result per issue, in order.
    if (results.length !== result.issues.length) throw new Error(`SARIF has ${results.length} results for ${result.issues.length} issues`);
    results.forEach((r, i) => {
      const issue = result.issues[i];
      if (r.ruleId !== issue.id) throw new Error(`SARIF result ${i} is ${r.ruleId}, issue is ${issue.id}`);
      r.properties = { ...r.properties, severity: issue.severity.name, confidence: issue.confidence.name, manualReview: issue.manualReview, sample: issue.sample };
    });
    sarif.runs[0].invocations = [{ executionSuccessful: result.errors.length === 0, workingDirectory: { uri: `file://${ROOT}/` } }];
    fs.writeFileSync(output, JSON.stringify(sarif, null, 2) + '\n');
    return sarif;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A finding as the gate sees it. */
export function findingsOf(sarif) {
  return sarif.runs[0].results.map((r) => ({
    rule: r.ruleId,
    file: r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '',
    line: r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0,
    severity: r.properties?.severity ?? 'UNKNOWN',
    sample: r.properties?.sample ?? '',
  }));
}

/** An exclusion matches by rule and file, and by a substring of the flagged code when it names one. */
export function isExcluded(finding, exclusions) {
  return exclusions.some((e) => e.rule === finding.rule && e.file === finding.file && (!e.sampleContains || finding.sample.includes(e.sampleContains)));
}

export function gate(sarif, exclusions) {
  const findings = findingsOf(sarif);
  // An unknown severity fails too: better a false alarm than a silent pass.
  const serious = findings.filter((f) => FAILING_SEVERITIES.includes(f.severity) || f.severity === 'UNKNOWN');
  return { findings, failing: serious.filter((f) => !isExcluded(f, exclusions)), excluded: serious.filter((f) => isExcluded(f, exclusions)) };
}

async function main() {
  const args = process.argv.slice(2);
  const o = args.indexOf('-o');
  const output = path.resolve(o >= 0 && args[o + 1] ? args[o + 1] : path.join(os.tmpdir(), 'autograd-lab-electronegativity.sarif'));
  const i = args.indexOf('-i');
  const sarif = await scan(output, i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : ROOT);
  const exclusions = JSON.parse(fs.readFileSync(EXCLUSIONS_FILE, 'utf8')).exclusions;
  const { findings, failing, excluded } = gate(sarif, exclusions);
  for (const f of findings) {
    const mark = failing.includes(f) ? 'FAIL' : excluded.includes(f) ? 'excluded' : 'ok';
    console.log(`${mark.padEnd(8)} ${f.severity.padEnd(13)} ${f.rule} ${f.file}:${f.line}`);
  }
  console.log(`electronegativity: ${findings.length} findings, ${excluded.length} reviewed exclusions, ${failing.length} failing (HIGH/MEDIUM); SARIF at ${output}`);
  process.exit(failing.length ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`electronegativity: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
