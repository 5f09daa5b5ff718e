/**
 * Tokenizer for the script language, following CPython 3.11's tokenizer
 * (Parser/tokenizer.c): INDENT/DEDENT from a stack of indentation columns
 * (tabs to multiples of 8, checked against tabs-as-1 for TabError), implicit
 * line joining inside brackets, backslash continuation, and the same error
 * messages and error columns for bad numbers, strings and characters.
 *
 * Tokens are produced lazily, so that, as in CPython, a grammar error early
 * in the file is found before a tokenizer error later on.
 */
import { ScriptSyntaxError, type SyntaxErrorType } from './syntax_error';
import { normalizeSource, SourceText } from './source_text';
import { OPERATORS_1, OPERATORS_2, OPERATORS_3, type Token, type TokenType } from './tokens';

const EOF = -1;
const TAB_SIZE = 8;
/** CPython's MAXINDENT: at most 99 nested indented blocks. */
const MAX_INDENT = 100;

export interface LexerOptions {
  /** Maximum number of simultaneously open brackets (CPython: 200). */
  maxDepth: number;
  /**
   * 'module' for a whole file. 'expression' for the expression inside an
   * f-string field: newlines are insignificant and there is no NEWLINE,
   * INDENT or DEDENT, as if the text were in parentheses.
   */
  mode: 'module' | 'expression';
  /** Where to start and stop in the source, and the line that `start` is on. */
  start?: number;
  end?: number;
  line?: number;
  lineStart?: number;
}

interface OpenBracket {
  ch: string;
  line: number;
  col: number;
}

export class Lexer {
  private readonly src: SourceText;
  private readonly s: string;
  private readonly end: number;
  private readonly maxDepth: number;
  private readonly mode: 'module' | 'expression';

  private pos: number;
  private line: number;
  private lineStart: number;
  private atLineStart: boolean;
  private blankLine = false;
  private readonly indents: number[] = [0];
  private readonly altIndents: number[] = [0];
  private readonly pending: Token[] = [];
  private readonly brackets: OpenBracket[] = [];
  private lastType: TokenType | null = null;
  private finished = false;
  /** Set when the last error thrown was a bracket left open at end of file. */
  unclosedBracketError = false;

  constructor(src: SourceText, options: LexerOptions) {
    this.src = src;
    this.s = src.text;
    this.maxDepth = options.maxDepth;
    this.mode = options.mode;
    this.pos = options.start ?? 0;
    this.end = options.end ?? this.s.length;
    this.line = options.line ?? 1;
    this.lineStart = options.lineStart ?? 0;
    this.atLineStart = this.mode === 'module';
  }

  /** Next token; after ENDMARKER, ENDMARKER again. Throws ScriptSyntaxError. */
  next(): Token {
    const tok = this.pending.length > 0 ? this.pending.shift()! : this.scan();
    this.lastType = tok.type;
    return tok;
  }

  /**
   * Reads the rest of the input looking for a tokenizer error, like CPython's
   * `_PyPegen_tokenize_full_source_to_check_for_errors`: a parser error at
   * `errorLine` is replaced by a later tokenizer error. Indentation errors do
   * not count (CPython's tokenizer does not raise them as exceptions), and a
   * bracket left open at EOF counts only if it was opened no later than
   * `errorLine`. Returns the replacing error, or null.
   */
  findLaterError(errorLine: number): ScriptSyntaxError | null {
    try {
      while (this.next().type !== 'ENDMARKER') {
        // keep scanning
      }
      return null;
    } catch (e) {
      if (!(e instanceof ScriptSyntaxError)) throw e;
      if (e.pythonType !== 'SyntaxError') return null;
      if (this.unclosedBracketError && e.line > errorLine) return null;
      return e;
    }
  }

  // ------------------------------------------------------------ main loop

  private scan(): Token {
    if (this.finished) return this.eofToken('ENDMARKER');
    for (;;) {
      if (this.atLineStart) {
        this.atLineStart = false;
        this.readIndentation();
        if (this.pending.length > 0) return this.pending.shift()!;
      }
      const s = this.s;
      while (this.pos < this.end) {
        const c = s.charCodeAt(this.pos);
        if (c !== 0x20 && c !== 0x09 && c !== 0x0c) break;
        this.pos++;
      }
      let start = this.pos;
      if (this.pos >= this.end) return this.atEndOfInput();
      let c = s[this.pos];

      if (c === '#') {
        while (this.pos < this.end && s[this.pos] !== '\n') this.pos++;
        if (this.pos >= this.end) return this.atEndOfInput();
        c = '\n';
      } else {
        start = this.pos;
      }

      if (c === '\n') {
        const nl = this.pos;
        this.pos++;
        const significant = !this.blankLine && this.brackets.length === 0 && this.mode === 'module';
        const tok = significant ? this.makeToken('NEWLINE', start, nl + 1, this.line, this.lineStart) : null;
        this.newLineAt(this.pos);
        this.atLineStart = this.mode === 'module';
        if (tok) return tok;
        continue;
      }

      if (c === '\\') {
        this.lineContinuation();
        continue;
      }

      return this.scanToken(start);
    }
  }

  private scanToken(start: number): Token {
    const s = this.s;
    const code = s.charCodeAt(start);
    const line = this.line;
    const lineStart = this.lineStart;

    if (isIdentifierStart(code)) {
      const stringStart = this.stringPrefixEnd(start);
      if (stringStart >= 0) return this.scanString(start, stringStart);
      return this.scanName(start);
    }
    if (isDigit(code) || (code === 0x2e && isDigit(s.charCodeAt(start + 1)) && start + 1 < this.end)) {
      this.pos = this.scanNumber(start);
      return this.makeToken('NUMBER', start, this.pos, line, lineStart);
    }
    if (code === 0x27 || code === 0x22) return this.scanString(start, start);

    const op = this.matchOperator(start);
    if (op === null) {
      const cp = s.codePointAt(start)!;
      throw this.error(invalidCharacterMessage(cp), line, this.src.col(lineStart, start));
    }
    if (op === '(' || op === '[' || op === '{') {
      if (this.brackets.length >= this.maxDepth) {
        throw this.error('too many nested parentheses', line, this.src.col(lineStart, start));
      }
    } else if (op === ')' || op === ']' || op === '}') {
      const col = this.src.col(lineStart, start);
      const open = this.brackets.pop();
      if (!open) throw this.error(`unmatched '${op}'`, line, col);
      if (CLOSING[open.ch] !== op) {
        const where = open.line !== line ? ` on line ${open.line}` : '';
        throw this.error(
          `closing parenthesis '${op}' does not match opening parenthesis '${open.ch}'${where}`,
          line,
          col,
        );
      }
    }
    this.pos = start + op.length;
    const tok = this.makeToken('OP', start, this.pos, line, lineStart);
    if (op === '(' || op === '[' || op === '{') {
      this.brackets.push({ ch: op, line, col: tok.col });
    }
    return tok;
  }

  private matchOperator(start: number): string | null {
    const s = this.s;
    const one = s[start];
    if (start + 1 < this.end) {
      const two = one + s[start + 1];
      if (start + 2 < this.end) {
        const three = two + s[start + 2];
        if (OPERATORS_3.has(three)) return three;
      }
      if (OPERATORS_2.has(two)) return two;
    }
    return OPERATORS_1.includes(one) ? one : null;
  }

  // ------------------------------------------------------------ lines

  private newLineAt(nextLineStart: number): void {
    this.line++;
    this.lineStart = nextLineStart;
  }

  /** A backslash outside a string: it must end the line. */
  private lineContinuation(): void {
    const s = this.s;
    const after = this.pos + 1;
    if (after >= this.end) {
      throw this.error('unexpected EOF while parsing', this.line, this.src.col(this.lineStart, after));
    }
    if (s[after] !== '\n') {
      throw this.error(
        'unexpected character after line continuation character',
        this.line,
        this.src.col(this.lineStart, after),
      );
    }
    const line = this.line;
    const col = this.src.col(this.lineStart, after);
    this.pos = after + 1;
    this.newLineAt(this.pos);
    if (this.pos >= this.end) throw this.error('unexpected EOF while parsing', line, col);
  }

  /** Measures the indentation of a new line and queues INDENT/DEDENT tokens. */
  private readIndentation(): void {
    const s = this.s;
    let col = 0;
    let altCol = 0;
    let contLineCol = 0;
    for (;;) {
      const c = this.pos < this.end ? s[this.pos] : '';
      if (c === ' ') {
        col++;
        altCol++;
      } else if (c === '\t') {
        col = (Math.floor(col / TAB_SIZE) + 1) * TAB_SIZE;
        altCol++;
      } else if (c === '\f') {
        col = altCol = 0;
      } else if (c === '\\') {
        // The first backslash decides the indentation of what follows.
        contLineCol = contLineCol || col;
        this.lineContinuation();
        continue;
      } else {
        break;
      }
      this.pos++;
    }
    const c = this.pos < this.end ? s[this.pos] : '\n';
    this.blankLine = c === '#' || c === '\n';
    if (this.blankLine || this.brackets.length > 0) return;
    if (contLineCol) col = altCol = contLineCol;

    const top = this.indents.length - 1;
    const tokAt = (type: TokenType): Token => this.makeToken(type, this.pos, this.pos, this.line, this.lineStart);
    if (col === this.indents[top]) {
      if (altCol !== this.altIndents[top]) throw this.tabError();
    } else if (col > this.indents[top]) {
      if (this.indents.length >= MAX_INDENT) {
        throw this.error('too many levels of indentation', this.line, 1, 'IndentationError');
      }
      if (altCol <= this.altIndents[top]) throw this.tabError();
      this.indents.push(col);
      this.altIndents.push(altCol);
      this.pending.push(tokAt('INDENT'));
    } else {
      while (this.indents.length > 1 && col < this.indents[this.indents.length - 1]) {
        this.indents.pop();
        this.altIndents.pop();
        this.pending.push(tokAt('DEDENT'));
      }
      if (col !== this.indents[this.indents.length - 1]) {
        throw this.error(
          'unindent does not match any outer indentation level',
          this.line,
          this.src.col(this.lineStart, this.lineEnd(this.pos)),
          'IndentationError',
        );
      }
      if (altCol !== this.altIndents[this.altIndents.length - 1]) throw this.tabError();
    }
  }

  private lineEnd(from: number): number {
    const nl = this.s.indexOf('\n', from);
    return nl === -1 || nl > this.end ? this.end : nl;
  }

  private tabError(): ScriptSyntaxError {
    return this.error('inconsistent use of tabs and spaces in indentation', this.line, 1, 'TabError');
  }

  private atEndOfInput(): Token {
    if (this.mode === 'expression') {
      this.finished = true;
      return this.makeToken('ENDMARKER', this.pos, this.pos, this.line, this.lineStart);
    }
    if (this.brackets.length > 0) {
      const open = this.brackets[this.brackets.length - 1];
      this.unclosedBracketError = true;
      throw this.error(`'${open.ch}' was never closed`, open.line, open.col);
    }
    // Like CPython, which appends a newline to a file that lacks one.
    if (this.lastType !== null && this.lastType !== 'NEWLINE' && this.lastType !== 'DEDENT') {
      return this.eofToken('NEWLINE');
    }
    while (this.indents.length > 1) {
      this.indents.pop();
      this.altIndents.pop();
      this.pending.push(this.eofToken('DEDENT'));
    }
    this.finished = true;
    this.pending.push(this.eofToken('ENDMARKER'));
    return this.pending.shift()!;
  }

  /**
   * CPython places end-of-file tokens at the end of the last line (after its
   * last character), which is where its errors about them point.
   */
  private eofToken(type: TokenType): Token {
    let line = this.line;
    let lineStart = this.lineStart;
    let at = this.end;
    if (this.end > 0 && this.s[this.end - 1] === '\n' && this.mode === 'module' && this.lineStart === this.end) {
      at = this.end - 1;
      line = this.line - 1;
      const prev = this.s.lastIndexOf('\n', at - 1);
      lineStart = prev + 1;
    }
    const col = this.src.col(lineStart, at);
    return { type, value: '', start: at, end: at, line, col, endLine: line, endCol: col, level: 0 };
  }

  // ------------------------------------------------------------ names

  private scanName(start: number): Token {
    const s = this.s;
    const line = this.line;
    const lineStart = this.lineStart;
    let p = start;
    let nonAscii = false;
    while (p < this.end) {
      const c = s.charCodeAt(p);
      if (!isIdentifierChar(c)) break;
      if (c >= 128) nonAscii = true;
      p++;
    }
    this.pos = p;
    const tok = this.makeToken('NAME', start, p, line, lineStart);
    if (nonAscii) {
      const text = s.slice(start, p);
      const bad = firstInvalidIdentifierIndex(text);
      if (bad >= 0) {
        const cp = text.codePointAt(bad)!;
        throw this.error(invalidCharacterMessage(cp), line, this.src.col(lineStart, start + bad));
      }
      tok.value = text.normalize('NFKC');
    }
    return tok;
  }

  // ------------------------------------------------------------ strings

  /**
   * If a string literal with a valid prefix (r, u, f, b, br, rb, fr, rf in any
   * case) starts at `start`, the index of its opening quote; else -1.
   */
  private stringPrefixEnd(start: number): number {
    const s = this.s;
    let p = start;
    let sawB = false;
    let sawR = false;
    let sawU = false;
    let sawF = false;
    while (p < this.end) {
      const c = s[p].toLowerCase();
      if (c === 'b' && !sawB && !sawU && !sawF) sawB = true;
      else if (c === 'r' && !sawR && !sawU) sawR = true;
      else if (c === 'u' && !sawB && !sawR && !sawU && !sawF) sawU = true;
      else if (c === 'f' && !sawF && !sawB && !sawU) sawF = true;
      else break;
      p++;
    }
    if (p === start || p >= this.end) return -1;
    return s[p] === '"' || s[p] === "'" ? p : -1;
  }

  private scanString(start: number, quoteAt: number): Token {
    const s = this.s;
    const line = this.line;
    const lineStart = this.lineStart;
    const quote = s[quoteAt];
    let p = quoteAt + 1;
    let quoteSize = 1;
    if (s[p] === quote && p < this.end) {
      if (s[p + 1] === quote && p + 1 < this.end) {
        quoteSize = 3;
        p += 2;
      } else {
        this.pos = p + 1; // empty string
        return this.makeToken('STRING', start, this.pos, line, lineStart);
      }
    }
    let endQuotes = 0;
    while (endQuotes !== quoteSize) {
      if (p >= this.end || (quoteSize === 1 && s[p] === '\n')) {
        const what = quoteSize === 3 ? 'unterminated triple-quoted string literal' : 'unterminated string literal';
        throw this.error(what, line, this.src.col(lineStart, start));
      }
      const c = s[p++];
      if (c === quote) {
        endQuotes++;
        continue;
      }
      endQuotes = 0;
      if (c === '\n') this.newLineAt(p);
      else if (c === '\\' && p < this.end) {
        if (s[p] === '\n') this.newLineAt(p + 1);
        p++;
      }
    }
    this.pos = p;
    return this.makeToken('STRING', start, p, line, lineStart);
  }

  // ------------------------------------------------------------ numbers

  /**
   * Scans a number literal starting at `start` and returns where it ends.
   * A transliteration of CPython's tok_get number branch, including where
   * errors point: CPython reports the column of its read cursor, which here
   * is `p` (an index) read as a 1-based column.
   */
  private scanNumber(start: number): number {
    const s = this.s;
    const end = this.end;
    let p = start;
    const nextc = (): number => (p < end ? s.charCodeAt(p++) : EOF);
    const backup = (c: number): void => {
      if (c !== EOF) p--;
    };
    const fail = (msg: string): never => {
      throw this.error(msg, this.line, this.src.col(this.lineStart, p) - 1);
    };
    const lookahead = (test: string): boolean =>
      s.startsWith(test, p) && p + test.length <= end && !isIdentifierChar(charAt(s, p + test.length, end));
    // Digits may be followed by a keyword (`1if x else y`), not by a name.
    const verifyEnd = (c: number, kind: string): void => {
      let keyword = false;
      if (c === 0x61) keyword = lookahead('nd');
      else if (c === 0x65) keyword = lookahead('lse');
      else if (c === 0x66) keyword = lookahead('or');
      else if (c === 0x69) {
        const c2 = charAt(s, p, end);
        keyword = c2 === 0x66 || c2 === 0x6e || c2 === 0x73;
      } else if (c === 0x6f) keyword = lookahead('r');
      else if (c === 0x6e) keyword = lookahead('ot');
      if (!keyword && isIdentifierChar(c)) {
        backup(c);
        fail(`invalid ${kind} literal`);
      }
    };
    const decimalTail = (): number => {
      let c: number;
      for (;;) {
        do c = nextc();
        while (isDigit(c));
        if (c !== 0x5f) break;
        c = nextc();
        if (!isDigit(c)) {
          backup(c);
          fail('invalid decimal literal');
        }
      }
      return c;
    };
    const radixLiteral = (isRadixDigit: (c: number) => boolean, kind: string, checkDigit: boolean): number => {
      let c = nextc();
      do {
        if (c === 0x5f) c = nextc();
        if (!isRadixDigit(c)) {
          if (checkDigit && isDigit(c)) fail(`invalid digit '${String.fromCharCode(c)}' in ${kind} literal`);
          backup(c);
          fail(`invalid ${kind} literal`);
        }
        do c = nextc();
        while (isRadixDigit(c));
      } while (c === 0x5f);
      if (checkDigit && isDigit(c)) fail(`invalid digit '${String.fromCharCode(c)}' in ${kind} literal`);
      verifyEnd(c, kind);
      return c;
    };

    let c = nextc();
    let stage: 'fraction' | 'exponent' | 'imaginary' | 'done' | 'tail';
    if (c === 0x2e) {
      c = nextc();
      stage = 'fraction';
    } else if (c === 0x30) {
      c = nextc();
      if (c === 0x78 || c === 0x58) {
        c = radixLiteral(isHexDigit, 'hexadecimal', false);
        stage = 'done';
      } else if (c === 0x6f || c === 0x4f) {
        c = radixLiteral((d) => d >= 0x30 && d <= 0x37, 'octal', true);
        stage = 'done';
      } else if (c === 0x62 || c === 0x42) {
        c = radixLiteral((d) => d === 0x30 || d === 0x31, 'binary', true);
        stage = 'done';
      } else {
        let nonzero = false;
        for (;;) {
          if (c === 0x5f) {
            c = nextc();
            if (!isDigit(c)) {
              backup(c);
              fail('invalid decimal literal');
            }
          }
          if (c !== 0x30) break;
          c = nextc();
        }
        if (isDigit(c)) {
          nonzero = true;
          c = decimalTail();
        }
        if (c === 0x2e) {
          c = nextc();
          stage = 'fraction';
        } else if (c === 0x65 || c === 0x45) {
          stage = 'exponent';
        } else if (c === 0x6a || c === 0x4a) {
          stage = 'imaginary';
        } else if (nonzero) {
          throw this.error(
            'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
            this.line,
            this.src.col(this.lineStart, start),
          );
        } else {
          verifyEnd(c, 'decimal');
          stage = 'done';
        }
      }
    } else {
      c = decimalTail();
      if (c === 0x2e) {
        c = nextc();
        stage = 'fraction';
      } else {
        stage = 'tail';
      }
    }

    if (stage === 'fraction') {
      if (isDigit(c)) c = decimalTail();
      stage = 'tail';
    }
    if (stage === 'tail') stage = c === 0x65 || c === 0x45 ? 'exponent' : 'imaginary';
    if (stage === 'exponent') {
      const e = c;
      c = nextc();
      if (c === 0x2b || c === 0x2d) {
        c = nextc();
        if (!isDigit(c)) {
          backup(c);
          fail('invalid decimal literal');
        }
      } else if (!isDigit(c)) {
        // `1else`: the number is just `1`.
        backup(c);
        verifyEnd(e, 'decimal');
        backup(e);
        return p;
      }
      c = decimalTail();
      stage = 'imaginary';
    }
    if (stage === 'imaginary') {
      if (c === 0x6a || c === 0x4a) {
        c = nextc();
        verifyEnd(c, 'imaginary');
      } else {
        verifyEnd(c, 'decimal');
      }
    }
    backup(c);
    return p;
  }

  // ------------------------------------------------------------ helpers

  private makeToken(type: TokenType, start: number, end: number, line: number, lineStart: number): Token {
    // Multi-line tokens (strings) have moved this.line to their last line.
    return {
      type,
      value: type === 'INDENT' || type === 'DEDENT' ? '' : this.s.slice(start, end),
      start,
      end,
      line,
      col: this.src.col(lineStart, start),
      endLine: this.line,
      endCol: this.src.col(this.lineStart, end),
      level: this.brackets.length,
    };
  }

  private error(msg: string, line: number, col: number, pythonType: SyntaxErrorType = 'SyntaxError'): ScriptSyntaxError {
    this.unclosedBracketError = msg.endsWith('was never closed');
    return new ScriptSyntaxError(msg, { line, col }, { pythonType, fromTokenizer: true });
  }
}

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

function charAt(s: string, i: number, end: number): number {
  return i < end ? s.charCodeAt(i) : EOF;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** CPython's is_potential_identifier_start: ASCII letters, `_`, or any non-ASCII. */
function isIdentifierStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 128;
}

function isIdentifierChar(c: number): boolean {
  return isIdentifierStart(c) || isDigit(c);
}

const XID_START = /[\p{XID_Start}_]/u;
const XID_CONTINUE = /\p{XID_Continue}/u;

/** UTF-16 index of the first code point that cannot be in an identifier there, or -1. */
function firstInvalidIdentifierIndex(text: string): number {
  let i = 0;
  for (const ch of text) {
    const ok = i === 0 ? XID_START.test(ch) : XID_CONTINUE.test(ch);
    if (!ok) return i;
    i += ch.length;
  }
  return -1;
}

/** Python's str.isprintable(): not "Other" nor "Separator", except the space. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function invalidCharacterMessage(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const ch = String.fromCodePoint(cp);
  if (cp !== 0x20 && NOT_PRINTABLE.test(ch)) return `invalid non-printable character U+${hex}`;
  return `invalid character '${ch}' (U+${hex})`;
}

/**
 * All tokens of a source, up to and including ENDMARKER (for tests and
 * tools; the parser reads tokens lazily). Throws ScriptSyntaxError.
 */
export function tokenize(source: string, options: { maxDepth?: number } = {}): Token[] {
  const lexer = new Lexer(new SourceText(normalizeSource(source)), { maxDepth: options.maxDepth ?? 200, mode: 'module' });
  const tokens: Token[] = [];
  for (;;) {
    const tok = lexer.next();
    tokens.push(tok);
    if (tok.type === 'ENDMARKER') return tokens;
  }
}
