// Refusals installed on every web contents and on the session: no navigation
// away from the app, no new windows, no webview tags, no permission grants, and
// downloads only of what the page itself made (the Export… file). Pure: the
// objects are passed in (Electron's in main.ts, stand-ins in tests).

import { APP_ORIGIN } from './app_protocol';

type Log = (message: string) => void;

export interface PreventableEvent {
  preventDefault(): void;
}

/** The slice of Electron's WebContents the guards use. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** The slice of Electron's Session the guards use. */
export interface GuardedSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  on(event: 'will-download', listener: (event: PreventableEvent, item: { getURL(): string }) => void): unknown;
}

function short(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}

export function guardContents(contents: GuardedContents, log: Log): void {
  // The renderer is one page that routes by hash; in-page navigation does not
  // fire these events, so any real navigation is foreign and refused.
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log(`refused navigation to ${short(url)}`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log(`refused redirect to ${short(url)}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('refused to attach a webview');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`refused window.open of ${short(url)}`);
    return { action: 'deny' };
  });
}

/** Export… saves a blob: URL the page created; nothing else may download. */
export function isAllowedDownload(url: string): boolean {
  return url.startsWith(`blob:${APP_ORIGIN}/`) || url.startsWith('data:application/json');
}

export function guardSession(session: GuardedSession, log: Log): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`refused permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.on('will-download', (event, item) => {
    const url = item.getURL();
    if (!isAllowedDownload(url)) {
      event.preventDefault();
      log(`refused download of ${short(url)}`);
    }
  });
}
