/** Tokens produced by the lexer, as in CPython's tokenizer. */

export type TokenType = 'NAME' | 'NUMBER' | 'STRING' | 'OP' | 'NEWLINE' | 'INDENT' | 'DEDENT' | 'ENDMARKER';

export interface Token {
  type: TokenType;
  /**
   * Source text of the token. Identifiers are NFKC-normalised as Python does;
   * INDENT, DEDENT, ENDMARKER and an end-of-file NEWLINE have ''.
   */
  value: string;
  /** Offsets into the newline-normalised source (see normalizeSource). */
  start: number;
  end: number;
  /** 1-based start position, and the position just after the token. */
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** How many brackets are open just before this token. */
  level: number;
}

/** Python 3.11 hard keywords: never usable as names. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in',
  'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Operators, longest first within each length, as CPython's tokenizer reads them. */
export const OPERATORS_3: ReadonlySet<string> = new Set(['**=', '//=', '>>=', '<<=', '...']);
export const OPERATORS_2: ReadonlySet<string> = new Set([
  '!=', '%=', '&=', '**', '*=', '+=', '-=', '->', '//', '/=', ':=', '<<', '<=', '==', '>=', '>>', '@=', '^=', '|=',
]);
export const OPERATORS_1 = '()[]{}:,;+-*/|&<>=.%~^@!$?`';
