// The single entry both transports use: validate the method name and the
// request against the contract, call the handler, and wrap the outcome in an
// envelope. Never throws.

import { isLabMethod, parseLabRequest } from '../../core/contract/lab_api';
import type { LabEnvelope, LabHandlers, LabMethod } from '../../core/contract/lab_api';
import { toLabError } from './errors';

export async function handleLabCall(handlers: LabHandlers, method: string, payload: unknown): Promise<LabEnvelope<unknown>> {
  if (!isLabMethod(method)) return { ok: false, error: { type: 'UnknownMethod', message: `Unknown Lab API method "${method}".` } };
  const request = parseLabRequest(method, payload);
  if (!request.ok) return request;
  try {
    const handler = handlers[method] as (r: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(request.value) };
  } catch (e) {
    return { ok: false, error: toLabError(e) };
  }
}

export type { LabMethod };
