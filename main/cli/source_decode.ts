// Decodes a script's bytes as CPython 3.11 reads a source file: UTF-8 unless a
// PEP 263 coding comment on line 1 or 2 names another encoding. Undecodable
// bytes are a SyntaxError, with CPython's wording, never replacement characters.

import { TextDecoder } from 'node:util';
import type { ScriptError } from '../../core/run/run_result';

export type DecodedSource =
  | { readonly ok: true; readonly source: string }
  /** `bare`: CPython prints only the `SyntaxError: ...` line, no traceback (the file was never tokenized). */
  | { readonly ok: false; readonly error: ScriptError; readonly bare: boolean; readonly source: string };

const CODING_RE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** The PEP 263 declaration, if line 1 or 2 has one (line 2 only after a line 1 that is a comment or blank). */
function declaredEncoding(bytes: Uint8Array): string | null {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length && lines.length < 2; i++) {
    if (bytes[i] === 0x0a) {
      lines.push(latin1(bytes.subarray(start, i)));
      start = i + 1;
    }
  }
  if (lines.length < 2) lines.push(latin1(bytes.subarray(start, Math.min(bytes.length, start + 1000))));
  const first = lines[0].replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  const m = CODING_RE.exec(first);
  if (m) return m[1];
  if (lines.length > 1 && /^[ \t\f]*(#.*)?\r?$/.test(first)) {
    const m2 = CODING_RE.exec(lines[1]);
    if (m2) return m2[1];
  }
  return null;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return s;
}

/** CPython's get_normal_name(): the spellings it treats as UTF-8 itself. */
function isUtf8Name(name: string): boolean {
  const n = name.toLowerCase().replace(/_/g, '-');
  return n === 'utf-8' || n.startsWith('utf-8-');
}

/** CPython's get_normal_name() spells Latin-1 several ways that are not WHATWG encoding labels. */
function whatwgLabel(name: string): string {
  const n = name.toLowerCase().replace(/_/g, '-');
  return /^(latin-1|iso-8859-1|iso-latin-1)(-|$)/.test(n) ? 'iso-8859-1' : n;
}

interface BadByte {
  readonly offset: number;
  readonly reason: 'invalid start byte' | 'invalid continuation byte' | 'unexpected end of data';
}

/** The first byte strict UTF-8 rejects in `b[from, to)`, with CPython's reason. */
function firstBadByte(b: Uint8Array, from = 0, to = b.length): BadByte | null {
  let i = from;
  while (i < to) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return { offset: i, reason: 'invalid start byte' };
    for (let k = 1; k <= need; k++) {
      if (i + k >= to) return { offset: i, reason: 'unexpected end of data' };
      const d = b[i + k];
      const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf];
      if (d < min || d > max) return { offset: i, reason: 'invalid continuation byte' };
    }
    i += need + 1;
  }
  return null;
}

function lineOf(b: Uint8Array, offset: number): { line: number; start: number; end: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (b[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  let end = b.indexOf(0x0a, offset);
  if (end < 0) end = b.length;
  return { line, start, end };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Columns count code points of the (valid) text before the bad byte, as CPython's do. */
function colAt(b: Uint8Array, lineStart: number, offset: number): number {
  return [...utf8.decode(b.subarray(lineStart, offset))].length + 1;
}

/**
 * Where CPython's decoder meets the bad byte when the file declares UTF-8: inside
 * a string literal (position counted from after the quote), a comment (ignored)
 * or a name (position counted from the name's start). The caret goes one column
 * past the token's start.
 */
function tokenAround(b: Uint8Array, start: number, end: number, bad: number): { kind: 'string' | 'comment' | 'name'; body: number; bodyEnd: number } {
  let quote: number | null = null;
  let open = 0;
  for (let i = start; i < bad; i++) {
    const c = b[i];
    if (quote !== null) {
      if (c === 0x5c) i++;
      else if (c === quote) quote = null;
    } else if (c === 0x23) return { kind: 'comment', body: i, bodyEnd: end };
    else if (c === 0x22 || c === 0x27) {
      quote = c;
      open = i;
    }
  }
  if (quote !== null) {
    let close = bad;
    while (close < end && b[close] !== quote) close++;
    return { kind: 'string', body: open + 1, bodyEnd: close };
  }
  let s = bad;
  while (s > start && (b[s - 1] >= 0x80 || /[A-Za-z0-9_]/.test(String.fromCharCode(b[s - 1])))) s--;
  let e = bad;
  while (e < end && (b[e] >= 0x80 || /[A-Za-z0-9_]/.test(String.fromCharCode(b[e])))) e++;
  return { kind: 'name', body: s, bodyEnd: e };
}

function hex2(x: number): string {
  return x.toString(16).padStart(2, '0');
}

function syntaxError(message: string, line: number, col: number | null, bare: boolean, source: string): DecodedSource {
  return { ok: false, error: { type: 'SyntaxError', message, line, col }, bare, source };
}

export function decodeSource(bytes: Uint8Array, fileName: string): DecodedSource {
  const declared = declaredEncoding(bytes);
  if (declared !== null && !isUtf8Name(declared)) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(whatwgLabel(declared), { fatal: true });
    } catch {
      return syntaxError(`encoding problem: ${declared}`, 1, null, true, '');
    }
    try {
      return { ok: true, source: decoder.decode(bytes) };
    } catch {
      return syntaxError(`encoding problem: ${declared}`, 1, null, true, '');
    }
  }
  try {
    return { ok: true, source: utf8.decode(bytes) };
  } catch {
    // Found below, with the position CPython reports.
  }
  // A declared UTF-8 file is decoded token by token: bad bytes in comments go unnoticed.
  const lossy = new TextDecoder('utf-8').decode(bytes);
  for (let from = 0; ;) {
    const bad = firstBadByte(bytes, from);
    if (bad === null) return { ok: true, source: lossy };
    const { line, start, end } = lineOf(bytes, bad.offset);
    if (declared === null) {
      const message = `Non-UTF-8 code starting with '\\x${hex2(bytes[bad.offset])}' in file ${fileName} on line ${line}, ` +
        'but no encoding declared; see https://peps.python.org/pep-0263/ for details';
      return syntaxError(message, line, null, true, '');
    }
    const token = tokenAround(bytes, start, end, bad.offset);
    if (token.kind === 'comment') {
      from = end;
      continue;
    }
    const inToken = firstBadByte(bytes, token.body, token.bodyEnd) ?? bad;
    const message = `(unicode error) 'utf-8' codec can't decode byte 0x${hex2(bytes[inToken.offset])} in position ${inToken.offset - token.body}: ${inToken.reason}`;
    const tokenStart = token.kind === 'string' ? token.body - 1 : token.body;
    return syntaxError(message, line, colAt(bytes, start, tokenStart) + 1, false, lossy);
  }
}
