// What the command line and environment ask of the desktop app: where its data
// lives (tests and portable setups point it elsewhere) and which exported
// experiment files the OS asked it to open. Pure, so it is tested under Node.

import path from 'node:path';
import { DATABASE_FILE_NAME, EXPORT_FILE_EXTENSION } from '../store';

export const USER_DATA_SWITCH = '--user-data-dir';
export const USER_DATA_ENV = 'AUTOGRAD_LAB_USER_DATA';

/**
 * The userData folder requested by `--user-data-dir=DIR` (or `--user-data-dir DIR`)
 * or by AUTOGRAD_LAB_USER_DATA, resolved against `cwd`; undefined keeps
 * Electron's default. The switch wins over the variable.
 */
export function userDataOverride(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg.startsWith(`${USER_DATA_SWITCH}=`)) {
      const value = arg.slice(USER_DATA_SWITCH.length + 1);
      if (value) return path.resolve(cwd, value);
    } else if (arg === USER_DATA_SWITCH && argv[i + 1] && !argv[i + 1]!.startsWith('-')) {
      return path.resolve(cwd, argv[i + 1]!);
    }
  }
  const fromEnv = env[USER_DATA_ENV];
  return fromEnv ? path.resolve(cwd, fromEnv) : undefined;
}

/** `AUTOGRAD_LAB_DB` (shared with the CLI) wins; otherwise the database sits in userData. */
export function databasePathFor(userDataDir: string, env: NodeJS.ProcessEnv, cwd: string): string {
  return env.AUTOGRAD_LAB_DB ? path.resolve(cwd, env.AUTOGRAD_LAB_DB) : path.join(userDataDir, DATABASE_FILE_NAME);
}

/**
 * Exported-experiment files named on a command line (Windows and Linux file
 * associations start the app, or a second instance, with the path as an
 * argument). Switches and their values are skipped.
 */
export function experimentFilesInArgv(argv: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === USER_DATA_SWITCH) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    if (arg.toLowerCase().endsWith(EXPORT_FILE_EXTENSION)) files.push(path.resolve(cwd, arg));
  }
  return files;
}
