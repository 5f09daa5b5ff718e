export { startServer, HOST, DEFAULT_MAX_BODY_BYTES } from './http_server';
export type { RunningServer, ServerOptions } from './http_server';
export { BROWSER_CSP } from './security_headers';
