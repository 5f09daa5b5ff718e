/**
 * The renderer's side of the API: one `LabApi` over either transport. The
 * renderer picks at start-up: `window.lab` (Electron preload) if present,
 * otherwise HTTP with the token from `location.hash` (`#token=...`).
 *
 *   const lab = createLabClient(window.lab ? bridgeTransport(window.lab)
 *     : httpTransport({ token: tokenFromHash(location.hash) ?? '', fetch: window.fetch.bind(window) }));
 *   const { result } = await lab.run({ script, runId: crypto.randomUUID() });
 *
 * Failures reject with LabCallError ({type, message, line?}).
 */
import { LAB_METHODS, LabCallError, labErrorSchema } from './lab_api';
import type { LabApi, LabBridge, LabEnvelope, LabMethod } from './lab_api';
import { decodeWireJson, encodeWireJson } from './wire_json';

/** Sends one call and resolves with its envelope (never rejects for API errors). */
export type LabTransport = (method: LabMethod, request: unknown) => Promise<LabEnvelope<unknown>>;

export function createLabClient(transport: LabTransport): LabApi {
  const client: Partial<Record<LabMethod, (request: unknown) => Promise<unknown>>> = {};
  for (const method of LAB_METHODS) {
    client[method] = async (request: unknown) => {
      const envelope = await transport(method, request ?? {});
      if (envelope.ok) return envelope.value;
      throw new LabCallError(envelope.error);
    };
  }
  return client as LabApi;
}

/** Electron: `window.lab` already speaks envelopes. */
export function bridgeTransport(bridge: LabBridge): LabTransport {
  return (method, request) => (bridge[method] as (r: unknown) => Promise<LabEnvelope<unknown>>)(request);
}

/** The slice of `fetch` the HTTP transport needs (browser fetch and Node's both fit). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface HttpTransportOptions {
  token: string;
  fetch: FetchLike;
  /** Origin of the server; '' for same-origin (the served renderer). */
  baseUrl?: string;
}

export function httpTransport(options: HttpTransportOptions): LabTransport {
  const base = options.baseUrl ?? '';
  return async (method, request) => {
    let status: number;
    let text: string;
    try {
      const response = await options.fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
        body: encodeWireJson(request),
      });
      status = response.status;
      text = await response.text();
    } catch (e) {
      return failure('ConnectionError', `Cannot reach the lab server: ${e instanceof Error ? e.message : String(e)}`);
    }
    let body: unknown;
    try {
      body = decodeWireJson(text);
    } catch {
      return failure('InternalError', `The lab server answered ${method} with HTTP ${status} and a body that is not JSON.`);
    }
    return asEnvelope(body) ?? failure('InternalError', `The lab server answered ${method} with HTTP ${status} and an unexpected body.`);
  };
}

/** The token the server printed in `http://127.0.0.1:PORT/#token=TOKEN`. */
export function tokenFromHash(hash: string): string | null {
  // Parsed by hand: core has no DOM types (no URLSearchParams).
  for (const part of (hash.startsWith('#') ? hash.slice(1) : hash).split('&')) {
    const [key, value] = part.split('=', 2);
    if (key === 'token' && value && /^[A-Za-z0-9_-]+$/.test(value)) return value;
  }
  return null;
}

function asEnvelope(body: unknown): LabEnvelope<unknown> | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (b.ok === true && 'value' in b) return { ok: true, value: b.value };
  if (b.ok === false) {
    const error = labErrorSchema.safeParse(b.error);
    if (error.success) return { ok: false, error: error.data };
  }
  return null;
}

function failure(type: 'ConnectionError' | 'InternalError', message: string): LabEnvelope<unknown> {
  return { ok: false, error: { type, message } };
}
