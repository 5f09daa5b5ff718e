/**
 * Source text with Unicode-aware columns.
 *
 * JS strings index UTF-16 code units, but CPython reports columns in code
 * points. Most sources have no astral characters, so the common case is a
 * subtraction; otherwise surrogate pairs are counted incrementally, since the
 * lexer asks for columns in increasing order.
 */
export class SourceText {
  readonly text: string;
  private readonly hasSurrogates: boolean;
  private cacheLineStart = -1;
  private cacheIndex = 0;
  private cacheCol = 1;

  constructor(text: string) {
    this.text = text;
    this.hasSurrogates = /[\uD800-\uDFFF]/.test(text);
  }

  /** 1-based column of the character at `index`, on the line starting at `lineStart`. */
  col(lineStart: number, index: number): number {
    if (!this.hasSurrogates) return index - lineStart + 1;
    let from = lineStart;
    let col = 1;
    if (this.cacheLineStart === lineStart && this.cacheIndex <= index) {
      from = this.cacheIndex;
      col = this.cacheCol;
    }
    for (let i = from; i < index; i++) {
      const c = this.text.charCodeAt(i);
      // The low half of a pair does not start a new code point.
      const isLowOfPair =
        c >= 0xdc00 && c <= 0xdfff && i > lineStart && isHighSurrogate(this.text.charCodeAt(i - 1));
      if (!isLowOfPair) col++;
    }
    // A pair split at `index` still counts as one code point: fine for columns.
    this.cacheLineStart = lineStart;
    this.cacheIndex = index;
    this.cacheCol = col;
    return col;
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/**
 * CPython reads sources with universal newlines and drops a UTF-8 BOM;
 * doing the same up front keeps the lexer to `\n` only.
 */
export function normalizeSource(source: string): string {
  const noBom = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  return noBom.indexOf('\r') === -1 ? noBom : noBom.replace(/\r\n?/g, '\n');
}
