#!/usr/bin/env node
// The `autograd-lab` command: dispatches subcommands.
//   run          run a script (main/cli/run_command.ts)
//   experiments  the experiment store (main/cli/experiments_command.ts)
//   check        analytic derivatives (not in this build yet)
//   serve        the HTTP edition (not in this build yet)

import { runExperimentsCommand } from './experiments_command';
import { runRunCommand } from './run_command';
import type { RunCommandIo } from './run_command';

const VERSION = '0.1.0';

const USAGE = `Usage: autograd-lab <command> [options]

Commands:
  run FILE|- [--json] [--seed N]   run a PyTorch-subset script, printing what PyTorch prints
  experiments <command> [--json]   list, save, export and restore saved experiments
  check                            compare autograd with analytic derivatives
  serve                            serve the lab over HTTP

Options:
  --help, -h      show this help
  --version       show the version

Run 'autograd-lab <command> --help' for a command's options.
`;

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

const io: RunCommandIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  readStdin,
};

/** Subcommands that another part of the project provides; unavailable ones say so. */
const NOT_IN_THIS_BUILD: Record<string, string> = {
  check: 'check is not available in this build',
  serve: 'serve is not available in this build',
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runRunCommand(rest, io);
    case 'experiments':
      return runExperimentsCommand(rest, io);
    case 'check':
    case 'serve':
      io.stderr(`autograd-lab: ${NOT_IN_THIS_BUILD[command]}\n`);
      return 2;
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
