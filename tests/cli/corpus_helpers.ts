/**
 * Shared by the corpus tests: where the corpus lives, how to run the built
 * CLI, and how expected outputs are normalized and compared.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const CORPUS = path.join(ROOT, 'tests', 'corpus');
export const EXPECTED = path.join(CORPUS, 'expected');
export const CLI = path.join(ROOT, 'dist', 'cli', 'autograd-lab.js');

export function buildCli(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: ROOT, stdio: 'inherit' });
}

export interface CorpusScript {
  readonly name: string;
  readonly file: string;
  readonly source: string;
  readonly expectSyntaxError: boolean;
}

export function corpusScripts(): CorpusScript[] {
  return fs
    .readdirSync(CORPUS)
    .filter((f) => /^\d{3}_.*\.py$/.test(f))
    .sort()
    .map((f) => {
      const source = fs.readFileSync(path.join(CORPUS, f), 'utf8');
      return { name: f.slice(0, -3), file: path.join(CORPUS, f), source, expectSyntaxError: source.startsWith('# expect: SyntaxError') };
    });
}

export interface ExpectedRun {
  readonly exit_code: number;
  readonly error: { type: string; message?: string; line: number | null } | null;
  readonly warnings: { category: string; message: string; line: number | null }[];
  readonly records: Record<string, unknown>[];
}

export function expectedFor(name: string): { stdout: string; json: ExpectedRun } {
  return {
    stdout: fs.readFileSync(path.join(EXPECTED, `${name}.stdout`), 'utf8'),
    json: JSON.parse(fs.readFileSync(path.join(EXPECTED, `${name}.json`), 'utf8')) as ExpectedRun,
  };
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], input?: string): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The fixtures' normalization (tests/oracle/common.py normalize_addresses). */
export function normalizeAddresses(text: string): string {
  return text.replace(/object at 0x[0-9a-fA-F]+/g, 'object at 0xADDR');
}

export function lastLine(text: string): string {
  const lines = text.replace(/\n+$/, '').split('\n');
  return lines[lines.length - 1];
}

/**
 * Structural equality of two JSON values. Numbers compare exactly, except
 * inside a tensor's `data` when `dataRtol` > 0 (1-ulp float32 differences of
 * transcendental functions). Returns the first difference's path, or null.
 */
export function jsonDiff(got: unknown, want: unknown, at = '$', dataRtol = 0, inData = false): string | null {
  if (typeof want === 'number' && typeof got === 'number') {
    if (got === want || (Number.isNaN(got) && Number.isNaN(want))) return null;
    if (inData && dataRtol > 0 && Math.abs(got - want) <= dataRtol * Math.abs(want)) return null;
    return `${at}: got ${got}, want ${want}`;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) return `${at}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
    for (let i = 0; i < want.length; i++) {
      const d = jsonDiff(got[i], want[i], `${at}[${i}]`, dataRtol, inData);
      if (d !== null) return d;
    }
    return null;
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return `${at}: got ${JSON.stringify(got)}, want an object`;
    const g = got as Record<string, unknown>;
    const w = want as Record<string, unknown>;
    const keys = new Set([...Object.keys(g), ...Object.keys(w)]);
    for (const k of keys) {
      if (!(k in w)) return `${at}.${k}: unexpected key`;
      if (!(k in g)) return `${at}.${k}: missing`;
      const d = jsonDiff(g[k], w[k], `${at}.${k}`, dataRtol, inData || k === 'data');
      if (d !== null) return d;
    }
    return null;
  }
  return got === want ? null : `${at}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
}
