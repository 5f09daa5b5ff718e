#!/usr/bin/env node
// The `autograd-lab` command: dispatches subcommands.
//   run          run a script (main/cli/run_command.ts)
//   experiments  the experiment store (main/cli/experiments_command.ts)
//   check        analytic derivatives (main/cli/check_command.ts)
//   serve        the HTTP browser edition (main/cli/serve_command.ts)

import { runCheckCommand } from './check_command';
import { runExperimentsCommand } from './experiments_command';
import { runServeCommand } from './serve_command';
import { runRunCommand } from './run_command';
import type { RunCommandIo } from './run_command';

const VERSION = '0.1.0';

const USAGE = `Usage: autograd-lab <command> [options]

Commands:
  run FILE|- [--json] [--seed N]   run a PyTorch-subset script, printing what PyTorch prints
  experiments <command> [--json]   list, save, export and restore saved experiments
  check FILE [--json]              compare autograd with analytic and numeric derivatives
  serve [--port N] [--db PATH] [--no-open]   serve the lab over HTTP on 127.0.0.1

Options:
  --help, -h      show this help
  --version       show the version

Run 'autograd-lab <command> --help' for a command's options.
`;

function readStdinBytes(): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
    process.stdin.on('error', reject);
  });
}

async function readStdin(): Promise<string> {
  return Buffer.from(await readStdinBytes()).toString('utf8');
}

// A closed pipe (`autograd-lab run x.py | head`) ends the output; it is not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const io: RunCommandIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  readStdin,
  readStdinBytes,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runRunCommand(rest, io);
    case 'experiments':
      return runExperimentsCommand(rest, io);
    case 'check':
      return runCheckCommand(rest, io);
    case 'serve':
      return runServeCommand(rest, io);
    case '--version':
    case '-V':
      io.stdout(`autograd-lab ${VERSION}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      (command === undefined ? io.stderr : io.stdout)(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.stderr(`autograd-lab: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`autograd-lab: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
