// What `run` and `check` share: their arguments (FILE|- [--json] [--seed N])
// and reading the script, refusing invalid UTF-8 as CPython does.

import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { formatTraceback } from '../../core/run/stderr';
import type { CommandIo } from './experiments_command';
import { decodeSource } from './source_decode';

export interface ScriptCommandIo extends CommandIo {
  /** Reads all of stdin (for `-`). */
  readStdin?: () => Promise<string>;
  /** Reads all of stdin as bytes, so invalid UTF-8 is refused as CPython refuses it (preferred over readStdin). */
  readStdinBytes?: () => Promise<Uint8Array>;
}

export interface ScriptArgs {
  readonly file: string;
  /** The name tracebacks show: the path, or `<stdin>`. */
  readonly shown: string;
  readonly json: boolean;
  readonly seed: number | undefined;
}

/** Parses the shared arguments; a number is the exit code when there is nothing to run. */
export function parseScriptArgs(command: string, argv: string[], usage: string, io: CommandIo): ScriptArgs | number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    io.stderr(`autograd-lab ${command}: ${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr(`autograd-lab ${command}: expected one FILE (or - for stdin), got ${positionals.length}\n\n${usage}`);
    return 2;
  }
  if (values.seed !== undefined && !/^-?\d+$/.test(values.seed)) {
    io.stderr(`autograd-lab ${command}: --seed takes an integer, got ${JSON.stringify(values.seed)}\n`);
    return 2;
  }
  const file = positionals[0];
  return {
    file,
    shown: file === '-' ? '<stdin>' : file,
    json: values.json === true,
    seed: values.seed === undefined ? undefined : Number(values.seed),
  };
}

/** The script's text, or the exit code after reporting why it cannot be read. */
export async function readScript(command: string, args: ScriptArgs, io: ScriptCommandIo): Promise<string | number> {
  let bytes: Uint8Array | null;
  try {
    if (args.file !== '-') bytes = fs.readFileSync(args.file);
    else if (io.readStdinBytes) bytes = await io.readStdinBytes();
    else if (io.readStdin) return await io.readStdin();
    else throw new Error('stdin is not available');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr(`autograd-lab ${command}: can't open file '${args.file}': ${code === 'ENOENT' ? '[Errno 2] No such file or directory' : (e as Error).message}\n`);
    return 2;
  }
  const decoded = decodeSource(bytes, args.shown);
  if (decoded.ok) return decoded.source;
  const err = decoded.error;
  if (args.json) io.stdout(`${JSON.stringify({ error: { type: err.type, message: err.message, line: err.line } })}\n`);
  else io.stderr(decoded.bare ? `${err.type}: ${err.message}\n` : formatTraceback(err, decoded.source, args.shown));
  return 1;
}
