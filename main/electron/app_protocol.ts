// The `app://` scheme that serves the built renderer (dist/renderer) to the
// desktop window instead of file://, which would give every page the whole
// disk as its origin. Pure: it maps a fetch `Request` to a `Response` using
// node:fs, so tests drive it with real files; protocol.ts only registers it.

import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, mimeTypeFor } from '../common/web_content';

export const APP_SCHEME = 'app';
/** The one host the scheme answers for; anything else is refused. */
export const APP_HOST = 'lab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export { CONTENT_SECURITY_POLICY, mimeTypeFor };

export type ResolvedAppPath = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps an app:// URL to a file under `root`, or says why not. The URL parser
 * already folds `..` and `%2e%2e` segments; this also catches what survives it
 * (encoded slashes and backslashes, NUL bytes) and symlinks leading outside.
 */
export function resolveAppPath(root: string, rawUrl: string): ResolvedAppPath {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:`) return { ok: false, status: 400, reason: `wrong scheme ${url.protocol}` };
  if (url.host !== APP_HOST) return { ok: false, status: 403, reason: `unknown host ${JSON.stringify(url.host)}` };
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  if (relative.includes('\0') || relative.includes('\\')) return { ok: false, status: 400, reason: 'forbidden character in path' };
  if (relative === '' || relative === '/') relative = '/index.html';
  const segments = relative.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { ok: false, status: 403, reason: 'path traversal' };

  const rootAbs = path.resolve(root);
  const file = path.resolve(rootAbs, '.' + relative);
  if (!isInside(rootAbs, file)) return { ok: false, status: 403, reason: 'path traversal' };

  let real: string;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(rootAbs);
    real = fs.realpathSync(file);
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  if (!isInside(realRoot, real)) return { ok: false, status: 403, reason: 'symlink leads outside the app folder' };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  if (!stat.isFile()) return { ok: false, status: 404, reason: 'not a file' };
  return { ok: true, file: real };
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Headers on every app:// response, errors included. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

export type AppRequestHandler = (request: Request) => Promise<Response>;

export function createAppRequestHandler(root: string, log: (message: string) => void = () => {}): AppRequestHandler {
  return async (request) => {
    const headers = securityHeaders();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      log(`app:// refused ${request.method} ${request.url}: method not allowed`);
      return new Response('method not allowed', { status: 405, headers });
    }
    const resolved = resolveAppPath(root, request.url);
    if (!resolved.ok) {
      log(`app:// refused ${request.url}: ${resolved.reason}`);
      return new Response(resolved.reason, { status: resolved.status, headers });
    }
    const body = request.method === 'HEAD' ? null : await fs.promises.readFile(resolved.file);
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': mimeTypeFor(resolved.file) } });
  };
}
