// `autograd-lab serve [--port N] [--db PATH] [--no-open]`: the browser
// edition. Prints the launch address on a line of its own, opens it in the
// default browser unless --no-open, and serves until SIGINT/SIGTERM.

import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startServer } from '../server/index';
import type { RunningServer, ServerOptions } from '../server/index';

export interface ServeIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface ServeDeps {
  /** Opens the URL in a browser; must never throw. Default: xdg-open / open / start. */
  openBrowser?: (url: string) => void;
  /** Resolves when the server should stop. Default: the first SIGINT or SIGTERM. */
  untilStopped?: (server: RunningServer) => Promise<void>;
  serverOptions?: Partial<ServerOptions>;
}

export const SERVE_USAGE = `Usage: autograd-lab serve [--port N] [--db PATH] [--no-open]

Serves the lab in your browser at http://127.0.0.1:PORT/ (this machine only).
  --port N     port to listen on (default: any free port)
  --db PATH    experiment database (default: $AUTOGRAD_LAB_DB, else the desktop app's database)
  --no-open    do not open a browser; open the printed address yourself
`;

export async function runServeCommand(argv: string[], io: ServeIo, deps: ServeDeps = {}): Promise<number> {
  let values: { port?: string; db?: string; 'no-open'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, db: { type: 'string' }, 'no-open': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.stderr(`autograd-lab serve: ${(e as Error).message}\n\n${SERVE_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(SERVE_USAGE);
    return 0;
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      io.stderr(`autograd-lab serve: --port must be a number from 0 to 65535, not "${values.port}".\n`);
      return 2;
    }
  }

  let server: RunningServer;
  try {
    server = await startServer({ port, dbPath: values.db, log: (line) => io.stderr(`${line}\n`), ...deps.serverOptions });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'EADDRINUSE' ? `port ${port} is already in use; choose another with --port, or omit it` : err.message;
    io.stderr(`autograd-lab serve: cannot start: ${reason}\n`);
    return 1;
  }

  io.stdout(`Autograd Lab (browser edition) is serving ${server.service.store.path}\n`);
  io.stdout(`${server.launchUrl}\n`);
  io.stdout('Open the address above (it carries this session\'s access token). Press Ctrl+C to stop.\n');
  if (!values['no-open']) (deps.openBrowser ?? openInBrowser)(server.launchUrl);

  await (deps.untilStopped ?? untilSignal)(server);
  await server.close();
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Best effort: a missing opener (no desktop, no xdg-open) only means the user opens the printed URL. */
export function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // spawn can throw synchronously (e.g. EACCES); the URL is printed anyway.
  }
}
