// Headers for everything the browser edition serves.

import { CONTENT_SECURITY_POLICY } from '../common/web_content';

/** The same policy as the desktop window's (main/common/web_content.ts). */
export const BROWSER_CSP = CONTENT_SECURITY_POLICY;

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': BROWSER_CSP,
  'X-Content-Type-Options': 'nosniff',
  // The token lives in the URL fragment, which is never sent; this keeps even the path private.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
