/**
 * Errors raised by the script front end (lexer + parser).
 *
 * Two kinds, so the interpreter and the CLI can tell them apart:
 * - `ScriptSyntaxError`: the text is not valid Python. `pythonType` is the
 *   exception CPython 3.11 would raise (`SyntaxError`, or its subclasses
 *   `IndentationError` / `TabError`), and `msg` mirrors CPython's wording.
 * - `ScriptNotSupportedError`: valid Python that Autograd Lab does not run
 *   (`def`, `class`, `if`, `lambda`, dict literals...). Python-facing type
 *   `NotImplementedError`.
 *
 * Both carry a 1-based `line` and `col` (columns count Unicode code points,
 * a tab is one column) and a `message` ending in `(line L, column C)`.
 */

export type SyntaxErrorType = 'SyntaxError' | 'IndentationError' | 'TabError';

export interface ErrorLocation {
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
}

export class ScriptSyntaxError extends Error {
  override readonly name = 'ScriptSyntaxError';
  /** The Python exception class a learner would see. */
  readonly pythonType: SyntaxErrorType;
  /** CPython-style description without the location, e.g. `invalid syntax`. */
  readonly msg: string;
  readonly line: number;
  readonly col: number;
  readonly endLine: number | null;
  readonly endCol: number | null;
  /**
   * Whether the tokenizer (rather than the grammar) found the problem. The
   * parser uses it to mirror CPython, where a tokenizer error later in the
   * file takes precedence over a grammar error (see parser.ts).
   */
  readonly fromTokenizer: boolean;

  constructor(
    msg: string,
    loc: ErrorLocation,
    options: { pythonType?: SyntaxErrorType; fromTokenizer?: boolean } = {},
  ) {
    super(`${msg} (line ${loc.line}, column ${loc.col})`);
    this.msg = msg;
    this.line = loc.line;
    this.col = loc.col;
    this.endLine = loc.endLine ?? null;
    this.endCol = loc.endCol ?? null;
    this.pythonType = options.pythonType ?? 'SyntaxError';
    this.fromTokenizer = options.fromTokenizer ?? false;
  }
}

export class ScriptNotSupportedError extends Error {
  override readonly name = 'ScriptNotSupportedError';
  readonly pythonType = 'NotImplementedError';
  /** What is unsupported, as shown between quotes: `def`, `lambda`, `dict literal`... */
  readonly construct: string;
  readonly line: number;
  readonly col: number;

  constructor(construct: string, loc: ErrorLocation) {
    super(`Autograd Lab does not support '${construct}' (line ${loc.line}, column ${loc.col})`);
    this.construct = construct;
    this.line = loc.line;
    this.col = loc.col;
  }
}

/** Any error `parse()` is allowed to throw. */
export type ScriptParseError = ScriptSyntaxError | ScriptNotSupportedError;

export function isScriptParseError(e: unknown): e is ScriptParseError {
  return e instanceof ScriptSyntaxError || e instanceof ScriptNotSupportedError;
}
