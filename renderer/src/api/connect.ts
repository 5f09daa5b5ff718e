/**
 * Picks the transport once at start-up: the preload's `window.lab` inside
 * Electron, or HTTP to the browser edition with the token from `#token=…`.
 * The token is then removed from the address bar and kept for reloads.
 */
import { bridgeTransport, createLabClient, httpTransport, tokenFromHash } from '../../../core/contract/lab_client';
import type { LabApi } from '../../../core/contract/lab_api';
import type { LabDesktopBridge } from '../../../core/contract/bridge';

export type { LabApi };

const TOKEN_KEY = 'autograd-lab.token';

export interface Connection {
  api: LabApi;
  edition: 'electron' | 'browser';
  /** Menu and progress pushes; only in Electron. */
  desktop: LabDesktopBridge | null;
}

function takeToken(): string {
  const fromHash = tokenFromHash(location.hash);
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function connect(): Connection {
  const desktop = (globalThis as { lab?: LabDesktopBridge }).lab ?? null;
  if (desktop) return { api: createLabClient(bridgeTransport(desktop)), edition: 'electron', desktop };
  const api = createLabClient(httpTransport({ token: takeToken(), fetch: window.fetch.bind(window) }));
  return { api, edition: 'browser', desktop: null };
}
