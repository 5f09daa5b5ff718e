import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, createAppRequestHandler, resolveAppPath } from '../../main/electron/app_protocol';

let tmp: string;
let root: string;
const logs: string[] = [];
let handle: (r: Request) => Promise<Response>;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agl-proto-'));
  root = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>lab</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app-1.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'a b.css'), 'body{}');
  // A secret beside the served folder, and a symlink pointing at it.
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
  fs.writeFileSync(path.join(tmp, 'renderer-evil.txt'), 'sibling with a shared prefix');
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  handle = createAppRequestHandler(root, (m) => logs.push(m));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('resolveAppPath', () => {
  it('serves index.html for the origin and maps paths under the root', () => {
    expect(resolveAppPath(root, `${APP_ORIGIN}/`)).toEqual({ ok: true, file: fs.realpathSync(path.join(root, 'index.html')) });
    expect(resolveAppPath(root, APP_ORIGIN)).toMatchObject({ ok: true });
    expect(resolveAppPath(root, `${APP_ORIGIN}/assets/a%20b.css?v=1#x`)).toEqual({ ok: true, file: fs.realpathSync(path.join(root, 'assets', 'a b.css')) });
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2Fsecret.txt',
    '/assets/..%2F..%2Fsecret.txt',
    '/..%5Csecret.txt',
    '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    '/../renderer-evil.txt',
    '/%2e%2e/renderer-evil.txt',
  ])('refuses traversal %s', (p) => {
    const r = resolveAppPath(root, `${APP_ORIGIN}${p}`);
    expect(r.ok).toBe(false);
  });

  it('refuses a symlink that leads outside, NUL bytes, bad encoding, other hosts and schemes', () => {
    expect(resolveAppPath(root, `${APP_ORIGIN}/assets/link.txt`)).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppPath(root, `${APP_ORIGIN}/index.html%00.png`)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, `${APP_ORIGIN}/%E0%A4%A`)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://evil/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppPath(root, 'file:///etc/passwd')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, `${APP_ORIGIN}/assets`)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppPath(root, `${APP_ORIGIN}/missing.js`)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('app:// request handler', () => {
  it('returns the file with its type and the strict CSP', async () => {
    const res = await handle(new Request(`${APP_ORIGIN}/assets/app-1.js`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toBe('console.log(1)');
  });

  it('puts the CSP on refusals too, and logs why', async () => {
    const res = await handle(new Request(`${APP_ORIGIN}/..%2Fsecret.txt`));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).not.toContain('secret');
    expect(logs.at(-1)).toMatch(/path traversal/);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await handle(new Request(`${APP_ORIGIN}/index.html`, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await handle(new Request(`${APP_ORIGIN}/index.html`, { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
  });
});

describe('content security policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => { const [k, ...v] = d.trim().split(/\s+/); return [k!, v]; }));
  it('never allows eval or inline script, and blocks plugins, framing and base rewriting', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-hashes/);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    for (const [name, sources] of directives) expect(sources, name).not.toContain('*');
  });
});
