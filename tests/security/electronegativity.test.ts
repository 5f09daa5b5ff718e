// Electronegativity over main/ and renderer/ (about 10 s, offline). It exits 0
// whatever it finds, so the gate reads its SARIF: any HIGH or MEDIUM finding
// not in the reviewed exclusion list fails.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts/electronegativity.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agl-en-test-'));

interface Exclusion {
  rule: string;
  file: string;
  sampleContains?: string;
  reason: string;
}
interface Finding {
  rule: string;
  file: string;
  line: number;
  severity: string;
  sample: string;
}
interface SarifResult {
  ruleId: string;
  locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }>;
  properties?: { severity?: string; sample?: string };
}

const exclusions = (JSON.parse(fs.readFileSync(path.join(root, 'tests/security/electronegativity-exclusions.json'), 'utf8')) as { exclusions: Exclusion[] }).exclusions;

function runScan(args: string[]): Promise<{ code: number; stdout: string; findings: Finding[] }> {
  const out = path.join(tmp, `${args.join('_').replace(/\W+/g, '_') || 'repo'}.sarif`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, '-o', out, ...args], { cwd: root, timeout: 90_000 }, (error, stdout) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      let sarif: { runs: Array<{ results: SarifResult[] }> };
      try {
        sarif = JSON.parse(fs.readFileSync(out, 'utf8'));
      } catch (e) {
        reject(new Error(`no SARIF from electronegativity (exit ${code}): ${String(e)}\n${stdout}`));
        return;
      }
      const findings = sarif.runs[0]!.results.map((r) => ({
        rule: r.ruleId,
        file: r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '',
        line: r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0,
        severity: r.properties?.severity ?? 'UNKNOWN',
        sample: r.properties?.sample ?? '',
      }));
      resolve({ code, stdout, findings });
    });
  });
}

const matches = (e: Exclusion, f: Finding) => e.rule === f.rule && e.file === f.file && (!e.sampleContains || f.sample.includes(e.sampleContains));
const serious = (f: Finding) => f.severity === 'HIGH' || f.severity === 'MEDIUM' || f.severity === 'UNKNOWN';

let repo: Awaited<ReturnType<typeof runScan>>;
let planted: Awaited<ReturnType<typeof runScan>>;

beforeAll(async () => {
  // A window with Node turned on and isolation off, where the check can see it.
  const bad = path.join(tmp, 'bad');
  fs.mkdirSync(path.join(bad, 'main'), { recursive: true });
  fs.writeFileSync(
    path.join(bad, 'main', 'bad_window.js'),
    "const { BrowserWindow } = require('electron');\nconst w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\nw.loadURL('https://example.com');\n",
  );
  [repo, planted] = await Promise.all([runScan([]), runScan(['-i', bad])]);
}, 120_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('electronegativity', () => {
  it('finds no HIGH or MEDIUM issue in main/ and renderer/ outside the reviewed exclusions', () => {
    const failing = repo.findings.filter((f) => serious(f) && !exclusions.some((e) => matches(e, f)));
    expect(failing, repo.stdout).toEqual([]);
    expect(repo.code).toBe(0);
  });

  it('scanned the shell (the SARIF has findings from main/electron, so the scan was not empty)', () => {
    expect(repo.findings.some((f) => f.file.startsWith('main/electron/'))).toBe(true);
    for (const f of repo.findings) expect(f.severity, f.rule).toMatch(/^(INFORMATIONAL|LOW|MEDIUM|HIGH)$/);
  });

  it('keeps every exclusion reasoned and still needed', () => {
    for (const e of exclusions) {
      expect(e.reason.length, `${e.rule} in ${e.file}`).toBeGreaterThan(40);
      expect(repo.findings.some((f) => matches(e, f)), `stale exclusion ${e.rule} in ${e.file}`).toBe(true);
    }
  });

  it('fails the gate on a planted insecure window', () => {
    expect(planted.code).toBe(1);
    const rules = planted.findings.filter(serious).map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']));
    expect(planted.stdout).toMatch(/FAIL\s+HIGH\s+CONTEXT_ISOLATION_JS_CHECK main\/bad_window\.js:2/);
  });

  it('sees the navigation limits, permission handler and CSP the shell sets (their global checks stay quiet)', () => {
    const rules = repo.findings.map((f) => f.rule);
    for (const rule of ['LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']) expect(rules).not.toContain(rule);
    expect(repo.findings.filter((f) => f.rule === 'CSP_GLOBAL_CHECK' && serious(f))).toEqual([]);
  });
});
