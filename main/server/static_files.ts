// Serves the built renderer (dist/renderer) read-only. Paths are resolved
// inside the folder; anything that escapes it, or is not a file, is a 404.

import fs from 'node:fs';
import path from 'node:path';
import { mimeTypeFor } from '../common/web_content';


export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** index.html must be re-read each launch; hashed assets may be cached. */
  cacheControl: string;
}

export function readStaticFile(root: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  if (!stat.isFile()) return null;
  const ext = path.extname(file).toLowerCase();
  return {
    body: fs.readFileSync(file),
    contentType: mimeTypeFor(file),
    cacheControl: ext === '.html' ? 'no-store' : 'no-cache',
  };
}

/** Shown at / when the renderer has not been built, so the user knows what to run. */
export function notBuiltPage(root: string): string {
  const escaped = root.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return `<!doctype html><meta charset="utf-8"><title>Autograd Lab</title>
<p>The lab's user interface is not built (nothing at <code>${escaped}</code>). Run <code>npm run build</code>, then start the server again.</p>`;
}
