// The browser edition: the built renderer and the Lab API over HTTP on
// 127.0.0.1 only. Every API call needs the per-launch token
// (`Authorization: Bearer <token>`), and every request must name this server
// in its Host header, so a web page elsewhere cannot reach the API, not even
// through DNS rebinding.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWireJson, encodeWireJson } from '../../core/contract/wire_json';
import type { LabEnvelope, LabError } from '../../core/contract/lab_api';
import { LabService, handleLabCall } from '../service/index';
import type { LabServiceOptions } from '../service/index';
import { resolveDatabasePath } from '../store/index';
import { SECURITY_HEADERS } from './security_headers';
import { notBuiltPage, readStaticFile } from './static_files';

export const HOST = '127.0.0.1';
/** Generous for imports and saved results (the store caps a result at 5 MB). */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface ServerOptions {
  /** 0 or absent: any free port. */
  port?: number;
  /** Database file; default $AUTOGRAD_LAB_DB, else the desktop app's database. */
  dbPath?: string;
  /** Folder of the built renderer; default dist/renderer beside the bundle, else ./dist/renderer. */
  staticDir?: string;
  /** Use this service instead of opening one (tests); it is not closed by close(). */
  service?: LabService;
  serviceOptions?: Partial<LabServiceOptions>;
  maxBodyBytes?: number;
  /** Fixed token (tests); default 32 random bytes, base64url. */
  token?: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** `http://127.0.0.1:PORT/#token=TOKEN`, the address to open. */
  launchUrl: string;
  token: string;
  port: number;
  service: LabService;
  close(): Promise<void>;
}

class HttpFailure extends Error {
  readonly status: number;
  readonly error: LabError;
  constructor(status: number, error: LabError) {
    super(error.message);
    this.status = status;
    this.error = error;
  }
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const staticDir = options.staticDir ?? defaultStaticDir();
  const log = options.log ?? (() => {});
  const ownService = !options.service;
  const service =
    options.service ?? LabService.open({ dbPath: resolveDatabasePath(options.dbPath), edition: 'browser', prewarmWorker: true, ...options.serviceOptions });

  let port = 0;
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { type: 'InternalError', message: 'The lab server failed to answer.' } });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const host = req.headers.host ?? '';
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) {
      return fail(res, new HttpFailure(403, { type: 'Forbidden', message: `Refused: the Host header "${host}" is not this server (${HOST}:${port}).` }));
    }
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(req, res, url.pathname);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    try {
      if (req.method !== 'POST') throw new HttpFailure(405, { type: 'InvalidRequest', message: 'Lab API calls are POST requests.' });
      // A page from another origin never gets the token, but refuse it outright anyway.
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${HOST}:${port}` && origin !== `http://localhost:${port}`) {
        throw new HttpFailure(403, { type: 'Forbidden', message: `Refused: requests from ${origin} may not call the Lab API.` });
      }
      if (!hasToken(req.headers.authorization, token)) {
        throw new HttpFailure(401, { type: 'Unauthorized', message: 'Missing or wrong token: open the address the server printed (…/#token=…).' });
      }
      const body = await readBody(req, maxBody);
      let payload: unknown;
      try {
        payload = body.trim() === '' ? {} : decodeWireJson(body);
      } catch (e) {
        throw new HttpFailure(400, { type: 'InvalidRequest', message: `The request body is not valid JSON: ${(e as Error).message}` });
      }
      const envelope = await handleLabCall(service, method, payload);
      if (!envelope.ok && envelope.error.type === 'InternalError') log(`${method}: ${envelope.error.message}`);
      sendJson(res, statusOf(envelope), envelope);
    } catch (e) {
      if (e instanceof HttpFailure) return fail(res, e);
      throw e;
    }
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    const file = readStaticFile(staticDir, pathname);
    if (file) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.contentType, 'Cache-Control': file.cacheControl, 'Content-Length': file.body.length });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return;
    }
    if (pathname === '/favicon.ico') {
      // Browsers ask for it unprompted; a 404 would show as a console error in every page.
      res.writeHead(204, { ...SECURITY_HEADERS, 'Cache-Control': 'no-cache' }).end();
      return;
    }
    if (pathname === '/' || pathname === '/index.html') {
      res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(notBuiltPage(staticDir));
      return;
    }
    res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (e: unknown) => {
    if (ownService) await service.close();
    throw e;
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://${HOST}:${port}/`;

  let closing: Promise<void> | null = null;
  return {
    url,
    launchUrl: `${url}#token=${token}`,
    token,
    port,
    service,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        if (ownService) await service.close();
      })();
      return closing;
    },
  };
}

/** dist/renderer beside the bundled server (dist/cli/…), else under the working directory. */
function defaultStaticDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.resolve(here, '..', 'renderer');
  if (fs.existsSync(path.join(beside, 'index.html'))) return beside;
  return path.resolve('dist', 'renderer');
}

function hasToken(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Reads the body as UTF-8, refusing (413) past `limit` bytes, declared or streamed. */
function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () =>
    new HttpFailure(413, { type: 'TooLarge', message: `The request body is larger than the server's limit of ${limit} bytes.` });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** Transport failures get their HTTP status; the service's own answers (NotFound, ConflictError…) are 200 envelopes. */
function statusOf(envelope: LabEnvelope<unknown>): number {
  if (envelope.ok) return 200;
  switch (envelope.error.type) {
    case 'InvalidRequest':
      return 400;
    case 'UnknownMethod':
      return 404;
    case 'InternalError':
      return 500;
    default:
      return 200;
  }
}

function fail(res: http.ServerResponse, failure: HttpFailure): void {
  // After refusing a body we do not read the rest of it; close instead of keeping the connection.
  sendJson(res, failure.status, { ok: false, error: failure.error }, failure.status === 413 ? { Connection: 'close' } : {});
}

function sendJson(res: http.ServerResponse, status: number, envelope: LabEnvelope<unknown>, extra: Record<string, string> = {}): void {
  const body = encodeWireJson(envelope);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(body);
}
