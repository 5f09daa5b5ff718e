import { describe, expect, it } from 'vitest';
import { guardContents, guardSession, isAllowedDownload } from '../../main/electron/guards';
import type { GuardedContents, GuardedSession, PreventableEvent } from '../../main/electron/guards';

class Emitter {
  listeners = new Map<string, Array<(...args: never[]) => void>>();
  on(event: string, listener: (...args: never[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  /** Fires an event and reports whether a listener called preventDefault. */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const e: PreventableEvent = { preventDefault: () => (prevented = true) };
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => void)(e, ...args);
    return prevented;
  }
}

describe('web contents guards', () => {
  const logs: string[] = [];
  const contents = new (class extends Emitter {
    openHandler?: (d: { url: string }) => { action: 'deny' };
    setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
      this.openHandler = h;
    }
  })();
  guardContents(contents as unknown as GuardedContents, (m) => logs.push(m));

  it('refuses navigation, redirects and webviews, and logs why', () => {
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'app://lab/index.html')).toBe(true);
    expect(contents.fire('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(logs[0]).toBe('refused navigation to https://evil.example/');
  });

  it('denies every window.open', () => {
    for (const url of ['https://example.com', 'app://lab/index.html', 'about:blank']) expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    expect(logs.at(-1)).toMatch(/refused window.open of about:blank/);
  });
});

describe('session guards', () => {
  const logs: string[] = [];
  const session = new (class extends Emitter {
    request?: (c: unknown, p: string, cb: (g: boolean) => void) => void;
    check?: (c: unknown, p: string) => boolean;
    setPermissionRequestHandler(h: (c: unknown, p: string, cb: (g: boolean) => void) => void) {
      this.request = h;
    }
    setPermissionCheckHandler(h: (c: unknown, p: string) => boolean) {
      this.check = h;
    }
  })();
  guardSession(session as unknown as GuardedSession, (m) => logs.push(m));

  it('refuses every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      session.request!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(session.check!({}, permission)).toBe(false);
    }
    expect(logs).toContain('refused permission request: media');
  });

  it('lets the page save what it made (Export…) and refuses other downloads', () => {
    const item = (url: string) => ({ getURL: () => url });
    expect(session.fire('will-download', item('blob:app://lab/5e0c2f4a-1111'))).toBe(false);
    expect(session.fire('will-download', item('https://evil.example/x.exe'))).toBe(true);
    expect(session.fire('will-download', item('blob:https://evil.example/1'))).toBe(true);
    expect(isAllowedDownload('blob:app://lab.evil/1')).toBe(false);
  });
});
