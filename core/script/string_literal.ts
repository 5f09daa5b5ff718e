/**
 * Decoding of string literal tokens: prefixes, escape sequences and the
 * structure of f-strings, following CPython 3.11 (Parser/string_parser.c).
 *
 * In 3.11 an f-string is a single token; its fields are found by scanning
 * the raw text, then each field's expression is parsed on its own. The
 * expression text is taken straight from the source (3.11 forbids
 * backslashes in it), so the nodes parsed from it get real positions.
 */
import type { Expr, FormattedValue } from './ast';
import type { Token } from './tokens';
import { ScriptNotSupportedError, ScriptSyntaxError, type ErrorLocation } from './syntax_error';
import type { SourceText } from './source_text';

export interface StringTokenInfo {
  isBytes: boolean;
  isRaw: boolean;
  isF: boolean;
  /** The text between the quotes, as offsets into the source. */
  bodyStart: number;
  bodyEnd: number;
}

export function stringTokenInfo(tok: Token): StringTokenInfo {
  const v = tok.value;
  let p = 0;
  while (v[p] !== '"' && v[p] !== "'") p++;
  const prefix = v.slice(0, p).toLowerCase();
  const q = v[p];
  const quoteLen = v.startsWith(q + q + q, p) && v.length - p >= 6 ? 3 : 1;
  return {
    isBytes: prefix.includes('b'),
    isRaw: prefix.includes('r'),
    isF: prefix.includes('f'),
    bodyStart: tok.start + p + quoteLen,
    bodyEnd: tok.end - quoteLen,
  };
}

/**
 * Decodes backslash escapes in `text` as Python's unicode-escape codec does
 * for str literals. Unknown escapes keep their backslash (Python warns).
 * `literalAt` is where the literal starts (for an unsupported `\N{...}`),
 * `errorLocation` where CPython reports a bad escape (the token after it).
 */
export function decodeEscapes(text: string, literalAt: ErrorLocation, errorLocation: ErrorLocation): string {
  if (text.indexOf('\\') === -1) return text;
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch !== '\\') {
      const next = text.indexOf('\\', i);
      const stop = next === -1 ? n : next;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    const escStart = i;
    i++;
    if (i >= n) {
      // Only reachable for an f-string literal part such as the one in f'\{x}'.
      out += '\\';
      break;
    }
    const c = text[i++];
    switch (c) {
      case '\n':
        break;
      case '\\':
      case "'":
      case '"':
        out += c;
        break;
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x':
      case 'u':
      case 'U': {
        const count = c === 'x' ? 2 : c === 'u' ? 4 : 8;
        let value = 0;
        for (let k = 0; k < count; k++) {
          const d = i < n ? hexValue(text.charCodeAt(i)) : -1;
          if (d < 0) {
            const name = c === 'x' ? '\\xXX' : c === 'u' ? '\\uXXXX' : '\\UXXXXXXXX';
            throw unicodeError(text, escStart, i, `truncated ${name} escape`, errorLocation);
          }
          value = value * 16 + d;
          i++;
        }
        if (value > 0x10ffff) throw unicodeError(text, escStart, i, 'illegal Unicode character', errorLocation);
        out += String.fromCodePoint(value);
        break;
      }
      case 'N':
        throw new ScriptNotSupportedError('\\N{...} escape', literalAt);
      default:
        if (c >= '0' && c <= '7') {
          let value = c.charCodeAt(0) - 48;
          for (let k = 0; k < 2 && i < n && text[i] >= '0' && text[i] <= '7'; k++) {
            value = value * 8 + (text.charCodeAt(i) - 48);
            i++;
          }
          out += String.fromCharCode(value);
        } else {
          out += '\\' + c;
        }
    }
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function utf8Length(text: string): number {
  let len = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    len += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return len;
}

function unicodeError(text: string, start: number, end: number, what: string, loc: ErrorLocation): ScriptSyntaxError {
  const from = utf8Length(text.slice(0, start));
  const to = utf8Length(text.slice(0, end)) - 1;
  return new ScriptSyntaxError(
    `(unicode error) 'unicodeescape' codec can't decode bytes in position ${from}-${to}: ${what}`,
    loc,
  );
}

// ---------------------------------------------------------------- f-strings

/** Parses the source range [start, end) as the expression of an f-string field. */
export type FieldParser = (start: number, end: number, line: number, lineStart: number) => Expr;

/** Maps offsets inside one token to lines, moving forward only. */
class Locator {
  private index: number;
  private line: number;
  private lineStart: number;

  constructor(
    private readonly src: SourceText,
    tok: Token,
  ) {
    this.index = tok.start;
    this.line = tok.line;
    this.lineStart = src.text.lastIndexOf('\n', tok.start - 1) + 1;
  }

  at(index: number): { line: number; lineStart: number; col: number } {
    const s = this.src.text;
    for (let i = this.index; i < index; i++) {
      if (s[i] === '\n') {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.index = Math.max(this.index, index);
    return { line: this.line, lineStart: this.lineStart, col: this.src.col(this.lineStart, index) };
  }
}

export interface FStringContext {
  src: SourceText;
  tok: Token;
  info: StringTokenInfo;
  /** Where CPython reports f-string scanning errors (the token after the strings). */
  site: ErrorLocation;
  parseField: FieldParser;
}

/**
 * Splits an f-string token into literal text and fields. Literal parts are
 * decoded; adjacent literal parts are merged by the caller.
 */
export function parseFString(ctx: FStringContext): Array<string | FormattedValue> {
  const { src, info, site } = ctx;
  const text = src.text;
  const end = info.bodyEnd;
  const locator = new Locator(src, ctx.tok);
  const parts: Array<string | FormattedValue> = [];
  const fail = (msg: string): never => {
    throw new ScriptSyntaxError(msg, site);
  };
  const tokenSite = { line: ctx.tok.line, col: ctx.tok.col };
  const decode = (from: number, to: number): string =>
    info.isRaw ? text.slice(from, to) : decodeEscapes(text.slice(from, to), tokenSite, site);

  /**
   * Scans literal text from `i` up to a `{` or `}` (CPython's
   * fstring_find_literal). At the top level `{{`/`}}` stand for one brace.
   */
  const scanLiteral = (i: number, topLevel: boolean): { literal: string; next: number; doubled: boolean } => {
    const litStart = i;
    let s = i;
    while (s < end) {
      let ch = text[s++];
      if (!info.isRaw && ch === '\\' && s < end) {
        ch = text[s++];
        if (ch === 'N') {
          // Skip `\N{name}` so its brace does not open a field.
          if (s < end && text[s++] === '{') {
            while (s < end && text[s++] !== '}') {
              // skip the name
            }
          }
          continue;
        }
      }
      if (ch === '{' || ch === '}') {
        if (topLevel) {
          if (s < end && text[s] === ch) return { literal: decode(litStart, s), next: s + 1, doubled: true };
          if (ch === '}') fail("f-string: single '}' is not allowed");
        }
        s--;
        break;
      }
    }
    return { literal: decode(litStart, s), next: s, doubled: false };
  };

  /** Scans one `{...}` field starting at `open` (CPython's fstring_find_expr). */
  const scanField = (open: number): { next: number; debugText: string | null; field: FormattedValue } => {
    const exprStart = open + 1;
    let s = exprStart;
    let quoteChar = '';
    let stringType = 0;
    const parens: string[] = [];
    while (s < end) {
      const ch = text[s];
      if (ch === '\\') fail('f-string expression part cannot include a backslash');
      if (quoteChar) {
        if (ch === quoteChar) {
          if (stringType === 3) {
            if (s + 2 < end && text[s + 1] === ch && text[s + 2] === ch) {
              s += 3;
              stringType = 0;
              quoteChar = '';
              continue;
            }
          } else {
            s++;
            stringType = 0;
            quoteChar = '';
            continue;
          }
        }
        s++;
        continue;
      }
      if (ch === "'" || ch === '"') {
        if (s + 2 < end && text[s + 1] === ch && text[s + 2] === ch) {
          stringType = 3;
          s += 2;
        } else {
          stringType = 1;
        }
        quoteChar = ch;
      } else if (ch === '[' || ch === '{' || ch === '(') {
        if (parens.length >= 200) fail('f-string: too many nested parenthesis');
        parens.push(ch);
      } else if (ch === '#') {
        fail("f-string expression part cannot include '#'");
      } else if (parens.length === 0 && '!:}=<>'.includes(ch)) {
        const next = s + 1 < end ? text[s + 1] : '';
        if (next === '=' && (ch === '!' || ch === '=' || ch === '<' || ch === '>')) {
          s += 2;
          continue;
        }
        if (ch === '<' || ch === '>') {
          s++;
          continue;
        }
        break;
      } else if (ch === ']' || ch === '}' || ch === ')') {
        const opening = parens.pop();
        if (opening === undefined) fail(`f-string: unmatched '${ch}'`);
        if (OPEN_OF[ch] !== opening) {
          fail(`f-string: closing parenthesis '${ch}' does not match opening parenthesis '${opening}'`);
        }
      }
      s++;
    }
    const exprEnd = s;
    if (quoteChar) fail('f-string: unterminated string');
    if (parens.length > 0) fail(`f-string: unmatched '${parens[parens.length - 1]}'`);
    if (s >= end) fail("f-string: expecting '}'");
    if (/^[ \t\n\r\f\v]*$/.test(text.slice(exprStart, exprEnd))) fail('f-string: empty expression not allowed');

    const where = locator.at(exprStart);
    const value = ctx.parseField(exprStart, exprEnd, where.line, where.lineStart);

    let debugText: string | null = null;
    if (text[s] === '=') {
      s++;
      while (s < end && ' \t\n\r\f\v'.includes(text[s])) s++;
      if (s >= end) fail("f-string: expecting '}'");
      debugText = text.slice(exprStart, s);
    }
    let conversion: FormattedValue['conversion'] = null;
    if (text[s] === '!') {
      s++;
      if (s >= end) fail("f-string: expecting '}'");
      const c = text[s++];
      if (c !== 's' && c !== 'r' && c !== 'a') {
        fail("f-string: invalid conversion character: expected 's', 'r', or 'a'");
      }
      conversion = c as 's' | 'r' | 'a';
    }
    let formatSpec: string | null = null;
    if (s < end && text[s] === ':') {
      s++;
      if (s >= end) fail("f-string: expecting '}'");
      const spec = scanLiteral(s, false);
      s = spec.next;
      if (s < end && text[s] === '{') {
        const at = locator.at(s);
        throw new ScriptNotSupportedError('nested replacement field in an f-string format spec', at);
      }
      formatSpec = spec.literal;
    }
    if (s >= end || text[s] !== '}') fail("f-string: expecting '}'");
    s++;
    if (debugText !== null && formatSpec === null && conversion === null) conversion = 'r';

    const startPos = locator.at(open);
    const endPos = locator.at(s);
    const field: FormattedValue = {
      kind: 'FormattedValue',
      value,
      conversion,
      formatSpec,
      line: startPos.line,
      col: startPos.col,
      endLine: endPos.line,
      endCol: endPos.col,
    };
    return { next: s, debugText, field };
  };

  let i = info.bodyStart;
  while (i < end) {
    const lit = scanLiteral(i, true);
    if (lit.literal) parts.push(lit.literal);
    i = lit.next;
    if (lit.doubled || i >= end) continue;
    const { next, debugText, field } = scanField(i);
    if (debugText !== null) parts.push(debugText);
    parts.push(field);
    i = next;
  }
  return parts;
}

const OPEN_OF: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
