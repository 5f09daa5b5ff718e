// `autograd-lab run FILE|- [--json] [--seed N]`: runs a script and prints
// what `python3 FILE` with PyTorch would print (see issue 3 for the contract).
// Plain mode streams prints to stdout and warnings to stderr, then a Python
// traceback on error. --json prints one JSON object per line: {"print": [...]},
// {"warning": {...}} and, last on error, {"error": {...}}.

import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { runScript } from '../../core/run/run_script';
import type { OutputRecord } from '../../core/run/run_result';
import { formatTraceback, formatWarning } from '../../core/run/stderr';
import { decodeSource } from './source_decode';
import type { CommandIo } from './experiments_command';

export interface RunCommandIo extends CommandIo {
  /** Reads all of stdin (for `run -`). */
  readStdin: () => Promise<string>;
  /** Reads all of stdin as bytes, so invalid UTF-8 is refused as CPython refuses it (preferred over readStdin). */
  readStdinBytes?: () => Promise<Uint8Array>;
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
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    io.stderr(`autograd-lab run: ${(e as Error).message}\n\n${RUN_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(RUN_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr(`autograd-lab run: expected one FILE (or - for stdin), got ${positionals.length}\n\n${RUN_USAGE}`);
    return 2;
  }
  let seed: number | undefined;
  if (values.seed !== undefined) {
    if (!/^-?\d+$/.test(values.seed)) {
      io.stderr(`autograd-lab run: --seed takes an integer, got ${JSON.stringify(values.seed)}\n`);
      return 2;
    }
    seed = Number(values.seed);
  }
  const file = positionals[0];
  const shown = file === '-' ? '<stdin>' : file;
  const json = values.json === true;
  let source: string;
  try {
    const bytes = file !== '-' ? fs.readFileSync(file) : io.readStdinBytes ? await io.readStdinBytes() : null;
    if (bytes === null) source = await io.readStdin();
    else {
      const decoded = decodeSource(bytes, shown);
      if (!decoded.ok) {
        const err = decoded.error;
        if (json) io.stdout(jsonLine({ error: { type: err.type, message: err.message, line: err.line } }));
        else io.stderr(decoded.bare ? `${err.type}: ${err.message}\n` : formatTraceback(err, decoded.source, shown));
        return 1;
      }
      source = decoded.source;
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr(`autograd-lab run: can't open file '${file}': ${code === 'ENOENT' ? '[Errno 2] No such file or directory' : (e as Error).message}\n`);
    return 2;
  }
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
