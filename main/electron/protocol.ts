// Registers the app:// scheme with Electron. The request handling itself lives
// in app_protocol.ts (pure, tested); this file only wires it in.

import { protocol } from 'electron';
import { APP_SCHEME, createAppRequestHandler } from './app_protocol';

/** Must run before the app is ready. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: real origin and relative URLs; secure: a secure context
      // (crypto.randomUUID needs one). No bypassCSP: the CSP header applies.
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serves `rendererDir` on app://lab/ for the default session. */
export function serveAppScheme(rendererDir: string, log: (message: string) => void): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir, log));
}
