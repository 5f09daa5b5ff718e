// Runs named snippets through real CPython + PyTorch (/usr/bin/python3) in one
// process, for the live differential suites. Skipped where torch is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { runScript } from '../../core/run/run_script';

export interface PythonOutcome {
  stdout: string;
  /** `Type: message` of an uncaught exception, or null. */
  error: string | null;
}

export function pythonAvailable(): boolean {
  if (!fs.existsSync('/usr/bin/python3')) return false;
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { timeout: 60_000 }).status === 0;
}

const PYTHON_RUNNER = `
import contextlib, io, json, sys
snippets = json.load(sys.stdin)
out = {}
for name, src in snippets.items():
    buf = io.StringIO()
    err = None
    try:
        with contextlib.redirect_stdout(buf):
            exec(compile(src, name, "exec"), {"__name__": "__main__"})
    except Exception as e:
        err = f"{type(e).__name__}: {e}"
    out[name] = {"stdout": buf.getvalue(), "error": err}
json.dump(out, sys.stdout)
`;

export function runInPython(snippets: Record<string, string>): Record<string, PythonOutcome> {
  const r = spawnSync('/usr/bin/python3', ['-W', 'ignore', '-c', PYTHON_RUNNER], {
    input: JSON.stringify(snippets), encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26,
  });
  return JSON.parse(r.stdout) as Record<string, PythonOutcome>;
}

/** Object and function addresses differ from run to run (`<function f at 0x7f...>`). */
export function withoutAddresses(text: string): string {
  return text.replace(/ at 0x[0-9a-fA-F]+/g, ' at 0xADDR');
}

/**
 * One test per snippet: the interpreter prints what Python printed (after
 * `normalize`) and fails with the same `Type: message`, or neither fails.
 */
export function itMatchesPython(
  snippets: Record<string, string>,
  python: Record<string, PythonOutcome>,
  normalize: (text: string) => string = withoutAddresses,
): void {
  for (const [name, src] of Object.entries(snippets)) {
    it(name, () => {
      const { result } = runScript(src + '\n');
      const want = python[name];
      expect(normalize(result.stdout)).toBe(normalize(want.stdout));
      expect(result.error === null ? null : `${result.error.type}: ${result.error.message}`).toBe(want.error);
    });
  }
}
