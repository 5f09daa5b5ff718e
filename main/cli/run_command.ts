// `autograd-lab run FILE|- [--json] [--seed N]`: runs a script and prints
// what `python3 FILE` with PyTorch would print (see issue 3 for the contract).
// Plain mode streams prints to stdout and warnings to stderr, then a Python
// traceback on error. --json prints one JSON object per line: {"print": [...]},
// {"warning": {...}} and, last on error, {"error": {...}}.

import { runScript } from '../../core/run/run_script';
import type { OutputRecord } from '../../core/run/run_result';
import { formatTraceback, formatWarning } from '../../core/run/stderr';
import type { ScriptCommandIo } from './script_input';
import { parseScriptArgs, readScript } from './script_input';

export interface RunCommandIo extends ScriptCommandIo {
  /** Reads all of stdin (for `run -`). */
  readStdin: () => Promise<string>;
}

export const RUN_USAGE = `Usage: autograd-lab run FILE|- [--json] [--seed N]

Runs a PyTorch-subset script and prints exactly what PyTorch would print.
  FILE       the script; - reads it from stdin
  --json     one JSON object per line: {"print": [...]}, {"warning": {...}}, {"error": {...}}
  --seed N   seed of the default generator when the script sets none (default 0)
`;

function jsonLine(obj: unknown): string {
  return `${JSON.stringify(obj)}\n`;
}

function recordJson(r: OutputRecord): unknown {
  return r.kind === 'print' ? { print: r.values } : { warning: { message: r.message, line: r.line } };
}

export async function runRunCommand(argv: string[], io: RunCommandIo): Promise<number> {
  const args = parseScriptArgs('run', argv, RUN_USAGE, io);
  if (typeof args === 'number') return args;
  const source = await readScript('run', args, io);
  if (typeof source === 'number') return source;
  const { seed, shown, json } = args;
  const { result } = runScript(source, {
    seed,
    // Everything streams; the CLI keeps nothing but the error.
    maxRecordedOutput: 0,
    fileName: shown,
    onOutput: (r) => {
      if (json) io.stdout(jsonLine(recordJson(r)));
      else if (r.kind === 'print') io.stdout(r.text);
      else io.stderr(formatWarning(r, source, shown));
    },
  });
  const err = result.error;
  if (err === null) return 0;
  if (json) io.stdout(jsonLine({ error: { type: err.type, message: err.message, line: err.line } }));
  else io.stderr(formatTraceback(err, source, shown));
  return 1;
}
