/**
 * Recursive-descent parser for the script language (a Python 3.11 subset).
 *
 * The grammar follows CPython's python.gram for the supported statements and
 * the full expression precedence ladder. Constructs outside the subset that
 * are valid Python raise ScriptNotSupportedError at their first token.
 *
 * Error reporting mirrors CPython 3.11 where that is cheap:
 * - a generic "invalid syntax" points at the furthest token read (CPython's
 *   `p->tokens[p->fill-1]`), with its "Perhaps you forgot a comma?" and
 *   "Missing parentheses in call to 'print'" hints;
 * - after a grammar error the rest of the file is tokenized, and a tokenizer
 *   error found there wins (CPython's tokenize_full_source_to_check_for_errors);
 * - errors CPython raises at compile time (`'break' outside loop`, a repeated
 *   keyword argument) are reported only once the whole file has parsed.
 *
 * Recursion is bounded by `maxDepth` (an explicit counter, checked on every
 * recursive rule), so no input can overflow the JS stack.
 */
import type {
  Alias,
  Arg,
  Arguments,
  Assign,
  AugAssign,
  BinaryOperator,
  Call,
  CompareOperator,
  Expr,
  FormattedValue,
  IndexTuple,
  Keyword,
  Module,
  Slice,
  Span,
  Stmt,
  Target,
  WithItem,
} from './ast';
import type { Node } from './ast';
import { Lexer } from './lexer';
import { exprName, invalidTarget, isBitwiseOrLevel } from './target_errors';
import { normalizeSource, SourceText } from './source_text';
import { decodeEscapes, parseFString, stringTokenInfo } from './string_literal';
import { ScriptNotSupportedError, ScriptSyntaxError, isScriptParseError, type ErrorLocation } from './syntax_error';
import { KEYWORDS, type Token } from './tokens';
import { scopeErrors } from './scopes';

export interface ParseOptions {
  /**
   * Maximum nesting: open brackets at once, and recursion of the grammar
   * (unary operators, `**`, `not`, conditional expressions, brackets).
   * Default 200, like CPython's limit on nested parentheses.
   */
  maxDepth?: number;
  /** Maximum source length in UTF-16 code units. Default 1,000,000. */
  maxLength?: number;
  /**
   * Maximum depth of the resulting tree (a chain `a+b+...` is as deep as it
   * is long). Default 1000, so recursive tree walkers stay far from the
   * JS stack limit.
   */
  maxAstDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 200;
export const DEFAULT_MAX_LENGTH = 1_000_000;
export const DEFAULT_MAX_AST_DEPTH = 1000;

/**
 * Parses a script. Throws ScriptSyntaxError for invalid Python and
 * ScriptNotSupportedError for Python outside the Autograd Lab subset;
 * never anything else.
 */
export function parse(source: string, options: ParseOptions = {}): Module {
  const opts: Required<ParseOptions> = {
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxLength: options.maxLength ?? DEFAULT_MAX_LENGTH,
    maxAstDepth: options.maxAstDepth ?? DEFAULT_MAX_AST_DEPTH,
  };
  if (source.length > opts.maxLength) {
    throw new ScriptSyntaxError(
      `source is too long (${source.length} characters; the limit is ${opts.maxLength})`,
      { line: 1, col: 1 },
    );
  }
  const text = normalizeSource(source);
  const src = new SourceText(text);
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const lineStart = text.lastIndexOf('\n', nul) + 1;
    const line = countNewlines(text, nul) + 1;
    throw new ScriptSyntaxError('source code cannot contain null bytes', { line, col: src.col(lineStart, nul) });
  }
  const lexer = new Lexer(src, { maxDepth: opts.maxDepth, mode: 'module' });
  // The statement's own expression is level 0, so maxDepth brackets fit, as in CPython.
  const parser = new Parser(lexer, src, opts, -1);
  let module: Module;
  try {
    module = parser.parseModule();
  } catch (e) {
    if (e instanceof RangeError) {
      // Only reachable with a maxDepth far above the default: still a script error.
      throw new ScriptSyntaxError('expression nests too deeply', parser.furthestToken());
    }
    if (!isScriptParseError(e)) throw e;
    if (e instanceof ScriptNotSupportedError && parser.deferred.length > 0) throw parser.deferred[0];
    const isUnexpectedIndent = e instanceof ScriptSyntaxError && e.msg === 'unexpected indent';
    const fromTokenizer = e instanceof ScriptSyntaxError && e.fromTokenizer;
    if (!fromTokenizer && !isUnexpectedIndent) {
      const later = lexer.findLaterError(e.line);
      if (later) throw later;
    }
    throw e;
  }
  checkTreeDepth(module, opts.maxAstDepth, text.length);
  // CPython's symtable runs before its compiler: its errors come first.
  const symtable = scopeErrors(module.body);
  if (symtable.length > 0) throw symtable[0];
  if (parser.deferred.length > 0) throw parser.deferred[0];
  return module;
}

/** The last statement of a block and its optional else block. */
function lastOf(body: readonly Stmt[], orelse: readonly Stmt[]): Stmt {
  return orelse.length > 0 ? orelse[orelse.length - 1] : body[body.length - 1];
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function checkTreeDepth(module: Module, max: number, sourceLength: number): void {
  // Each level of nesting below a statement takes at least one character
  // (`-x`, `a.b`, `f'{x}'`...), so short sources need no walk.
  if (sourceLength + 2 <= max) return;
  const nodes: object[] = [module];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop() as Record<string, unknown>;
    const depth = depths.pop()!;
    if (depth > max) throw new ScriptSyntaxError('expression nests too deeply', node as unknown as Node);
    for (const key in node) {
      const value = node[key];
      if (typeof value !== 'object' || value === null) continue;
      if (Array.isArray(value)) {
        for (const item of value) {
          if (typeof item === 'object' && item !== null) {
            nodes.push(item);
            depths.push(depth + 1);
          }
        }
      } else {
        nodes.push(value);
        depths.push(depth + 1);
      }
    }
  }
}

const AUGMENTED: Record<string, BinaryOperator> = {
  '+=': '+', '-=': '-', '*=': '*', '/=': '/', '//=': '//', '%=': '%', '@=': '@', '**=': '**',
  '<<=': '<<', '>>=': '>>', '&=': '&', '|=': '|', '^=': '^',
};
const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);
/** Binding power of the binary operators below comparisons (`**` aside). */
const BINARY_PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ['|', 1], ['^', 2], ['&', 3], ['<<', 4], ['>>', 4], ['+', 5], ['-', 5], ['*', 6], ['/', 6], ['//', 6], ['%', 6], ['@', 6],
]);
const UNARY_OPS: ReadonlySet<string> = new Set(['+', '-', '~']);
/** Statements that are valid Python but not part of the subset. */
const UNSUPPORTED_STATEMENTS: ReadonlySet<string> = new Set([
  'class', 'try', 'async', 'raise', 'nonlocal', 'del', 'assert', 'yield',
]);
/** Keywords that can begin an expression. */
const EXPRESSION_KEYWORDS: ReadonlySet<string> = new Set(['True', 'False', 'None', 'not', 'lambda', 'await']);

type Pos = Pick<Span, 'line' | 'col'>;
type EndPos = Pick<Span, 'endLine' | 'endCol'>;

function span(start: Pos, end: EndPos): Span {
  return { line: start.line, col: start.col, endLine: end.endLine, endCol: end.endCol };
}

class Parser {
  private readonly buf: Token[] = [];
  private idx = 0;
  private depth: number;
  private loopDepth = 0;
  /** Enclosing `def`s and lambdas (for `'return' outside function`). */
  private functionDepth = 0;
  /** Last consumed token, for end positions. */
  private prev: Token | null = null;
  /** Most recent complete `disjunction` and the index of the token after it (for hints). */
  private lastDisjunction: { node: Expr; next: number } | null = null;
  /** Tuples written with parentheses (CPython's target error messages treat them apart). */
  private readonly parenthesized = new WeakSet<Expr>();
  /** Errors CPython finds after parsing; the first one is thrown if parsing succeeds. */
  readonly deferred: ScriptSyntaxError[] = [];

  constructor(
    private readonly lexer: Lexer,
    private readonly src: SourceText,
    private readonly opts: Required<ParseOptions>,
    depth: number,
    private readonly inFString = false,
  ) {
    this.depth = depth;
  }

  // ------------------------------------------------------------ tokens

  private peek(k = 0): Token {
    while (this.buf.length <= this.idx + k) this.buf.push(this.lexer.next());
    return this.buf[this.idx + k];
  }

  private next(): Token {
    const t = this.peek();
    this.idx++;
    this.prev = t;
    return t;
  }

  /** The last token read so far (where CPython reports a generic syntax error). */
  furthestToken(): Token {
    return this.buf.length > 0 ? this.buf[this.buf.length - 1] : this.peek();
  }

  private get last(): Token {
    return this.prev ?? this.peek();
  }

  private isOp(t: Token, value: string): boolean {
    return t.type === 'OP' && t.value === value;
  }

  private isKeyword(t: Token, value: string): boolean {
    return t.type === 'NAME' && t.value === value;
  }

  private isName(t: Token): boolean {
    return t.type === 'NAME' && !KEYWORDS.has(t.value);
  }

  private acceptOp(value: string): Token | null {
    return this.isOp(this.peek(), value) ? this.next() : null;
  }

  private expectOp(value: string): Token {
    return this.acceptOp(value) ?? this.fail();
  }

  private expectName(): Token {
    return this.isName(this.peek()) ? this.next() : this.fail();
  }

  private canStartExpression(t: Token): boolean {
    switch (t.type) {
      case 'NAME':
        return !KEYWORDS.has(t.value) || EXPRESSION_KEYWORDS.has(t.value);
      case 'NUMBER':
      case 'STRING':
        return true;
      case 'OP':
        return ['(', '[', '{', '-', '+', '~', '...', '*'].includes(t.value);
      default:
        return false;
    }
  }

  /** Enters a recursive rule at token `at`; `leave()` must follow on success. */
  private enter(at: Token): void {
    if (++this.depth > this.opts.maxDepth) {
      throw new ScriptSyntaxError('expression nests too deeply', at);
    }
  }

  private leave(): void {
    this.depth--;
  }

  // ------------------------------------------------------------ errors

  /** CPython's generic syntax error, at the furthest token read. */
  private fail(): never {
    const t = this.furthestToken();
    if (t.type === 'INDENT') {
      throw new ScriptSyntaxError('unexpected indent', { line: t.line, col: t.col - 1 }, { pythonType: 'IndentationError' });
    }
    if (t.type === 'DEDENT') {
      throw new ScriptSyntaxError('unexpected unindent', t, { pythonType: 'IndentationError' });
    }
    const d = this.lastDisjunction;
    if (d && d.next === this.buf.length - 1 && this.canStartExpression(t)) {
      const node = d.node;
      if (node.kind === 'Name' && (node.id === 'print' || node.id === 'exec')) {
        throw new ScriptSyntaxError(`Missing parentheses in call to '${node.id}'. Did you mean ${node.id}(...)?`, node);
      }
      const nameThenString = node.kind === 'Name' && t.type === 'STRING';
      if ((t.level > 0 || this.inFString) && !nameThenString) {
        throw new ScriptSyntaxError('invalid syntax. Perhaps you forgot a comma?', span(node, t));
      }
    }
    throw new ScriptSyntaxError('invalid syntax', t);
  }

  private notSupported(construct: string, at: ErrorLocation): never {
    throw new ScriptNotSupportedError(construct, at);
  }

  private expectColon(): Token {
    const t = this.peek();
    if (this.isOp(t, ':')) return this.next();
    if (t.type === 'NEWLINE') throw new ScriptSyntaxError("expected ':'", t);
    return this.fail();
  }

  // ------------------------------------------------------------ statements

  parseModule(): Module {
    const body: Stmt[] = [];
    while (this.peek().type !== 'ENDMARKER') body.push(...this.parseStatement());
    const end = this.peek();
    return { kind: 'Module', body, line: 1, col: 1, endLine: end.line, endCol: end.col };
  }

  /** An f-string field: `star_expressions` filling the whole field. */
  parseFieldExpression(): Expr {
    const e = this.parseStarExpressions();
    if (this.peek().type !== 'ENDMARKER') this.fail();
    return e;
  }

  private parseStatement(): Stmt[] {
    const t = this.peek();
    if (t.type === 'INDENT' || t.type === 'DEDENT') this.fail();
    if (t.type === 'NAME') {
      if (t.value === 'for') return [this.parseFor()];
      if (t.value === 'with') return [this.parseWith()];
      if (t.value === 'if') return [this.parseIf(this.next(), 'if')];
      if (t.value === 'while') return [this.parseWhile()];
      if (t.value === 'def') return [this.parseDef()];
      if (UNSUPPORTED_STATEMENTS.has(t.value)) this.notSupported(t.value, t);
      if (t.value === 'match' && this.isMatchStatement()) this.notSupported('match', t);
    }
    if (this.isOp(t, '@')) this.notSupported('decorator', t);
    return this.parseSimpleStatements();
  }

  /** `match` is a soft keyword: a statement `match subject:` rather than a name. */
  private isMatchStatement(): boolean {
    if (!this.canStartExpression(this.peek(1)) || ['-', '+', '~', '*'].includes(this.peek(1).value)) return false;
    let k = 1;
    while (this.peek(k).type !== 'NEWLINE' && this.peek(k).type !== 'ENDMARKER') k++;
    return this.isOp(this.peek(k - 1), ':');
  }

  private parseSimpleStatements(): Stmt[] {
    const stmts = [this.parseSimpleStatement()];
    while (this.acceptOp(';')) {
      if (this.peek().type === 'NEWLINE') break;
      stmts.push(this.parseSimpleStatement());
    }
    if (this.peek().type !== 'NEWLINE') this.fail();
    this.next();
    return stmts;
  }

  private parseSimpleStatement(): Stmt {
    const t = this.peek();
    if (t.type === 'NAME') {
      switch (t.value) {
        case 'pass':
          this.next();
          return { kind: 'Pass', ...span(t, t) };
        case 'break':
        case 'continue':
          this.next();
          if (this.loopDepth === 0) {
            const msg = t.value === 'break' ? "'break' outside loop" : "'continue' not properly in loop";
            this.deferred.push(new ScriptSyntaxError(msg, t));
          }
          return { kind: t.value === 'break' ? 'Break' : 'Continue', ...span(t, t) };
        case 'import':
          return this.parseImport();
        case 'from':
          return this.parseFromImport();
        case 'return':
          return this.parseReturn();
        case 'global':
          return this.parseGlobal();
      }
    }
    return this.parseExpressionStatement();
  }

  private parseReturn(): Stmt {
    const kw = this.next();
    const t = this.peek();
    const value = t.type === 'NEWLINE' || this.isOp(t, ';') ? null : this.parseStarExpressions();
    const node: Stmt = { kind: 'Return', value, ...span(kw, this.last) };
    if (this.functionDepth === 0) this.deferred.push(new ScriptSyntaxError("'return' outside function", node));
    return node;
  }

  private parseGlobal(): Stmt {
    const kw = this.next();
    const names = [this.expectName().value];
    while (this.acceptOp(',')) names.push(this.expectName().value);
    return { kind: 'Global', names, ...span(kw, this.last) };
  }

  private parseImport(): Stmt {
    const kw = this.next();
    const names = [this.parseAlias(true)];
    while (this.acceptOp(',')) names.push(this.parseAlias(true));
    return { kind: 'Import', names, ...span(kw, this.last) };
  }

  private parseFromImport(): Stmt {
    const kw = this.next();
    if (this.isOp(this.peek(), '.') || this.isOp(this.peek(), '...')) this.notSupported('relative import', kw);
    let module = this.expectName().value;
    while (this.acceptOp('.')) module += '.' + this.expectName().value;
    if (!this.isKeyword(this.peek(), 'import')) this.fail();
    this.next();
    if (this.isOp(this.peek(), '*')) this.notSupported('import *', this.peek());
    const paren = this.acceptOp('(');
    const names = [this.parseAlias(false)];
    while (this.acceptOp(',')) {
      if (paren && this.isOp(this.peek(), ')')) break;
      if (!paren && !this.isName(this.peek())) {
        const t = this.peek();
        if (t.type === 'NEWLINE' || this.isOp(t, ';')) {
          throw new ScriptSyntaxError('trailing comma not allowed without surrounding parentheses', t);
        }
      }
      names.push(this.parseAlias(false));
    }
    if (paren) this.expectOp(')');
    return { kind: 'ImportFrom', module, names, ...span(kw, this.last) };
  }

  private parseAlias(dotted: boolean): Alias {
    const first = this.expectName();
    let name = first.value;
    if (dotted) while (this.acceptOp('.')) name += '.' + this.expectName().value;
    let asname: string | null = null;
    if (this.isKeyword(this.peek(), 'as')) {
      this.next();
      asname = this.expectName().value;
    }
    return { kind: 'Alias', name, asname, ...span(first, this.last) };
  }

  private parseFor(): Stmt {
    const kw = this.next();
    const target = this.parseTargetList();
    if (!this.isKeyword(this.peek(), 'in')) this.fail();
    this.next();
    const iter = this.parseStarExpressions();
    this.expectColon();
    this.loopDepth++;
    const body = this.parseBlock("'for' statement", kw);
    this.loopDepth--;
    const orelse = this.parseElse();
    return { kind: 'For', target, iter, body, orelse, ...span(kw, lastOf(body, orelse)) };
  }

  private parseWhile(): Stmt {
    const kw = this.next();
    const test = this.parseTest();
    this.expectColon();
    this.loopDepth++;
    const body = this.parseBlock("'while' statement", kw);
    this.loopDepth--;
    const orelse = this.parseElse();
    return { kind: 'While', test, body, orelse, ...span(kw, lastOf(body, orelse)) };
  }

  /** `if` or `elif` (kw, already read) and what follows; an `elif` is an If alone in the orelse. */
  private parseIf(kw: Token, keyword: 'if' | 'elif'): Stmt {
    const test = this.parseTest();
    this.expectColon();
    const body = this.parseBlock(`'${keyword}' statement`, kw);
    const t = this.peek();
    const orelse = this.isKeyword(t, 'elif') ? [this.parseIf(this.next(), 'elif')] : this.parseElse();
    return { kind: 'If', test, body, orelse, ...span(kw, lastOf(body, orelse)) };
  }

  /**
   * The test of `if`, `elif` and `while`, with CPython's hints for `=` where
   * `==` was meant (invalid_named_expression in python.gram).
   */
  private parseTest(): Expr {
    const test = this.parseNamedExpression();
    const eq = this.peek();
    if (!this.isOp(eq, '=')) return test;
    // `if x = 1:` names x; `if (x) = 1:` or `if x.y = 1:` name what x is.
    const bareName = test.kind === 'Name' && this.buf[this.idx - 1].type === 'NAME';
    this.next();
    this.parseBitOr();
    const after = this.peek();
    const assignable = isBitwiseOrLevel(test) && !['List', 'Tuple', 'Bool', 'None'].includes(test.kind);
    if (this.isOp(after, '=') || this.isOp(after, ':=') || !(bareName || assignable)) throw new ScriptSyntaxError('invalid syntax', eq);
    if (bareName) throw new ScriptSyntaxError("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", test);
    throw new ScriptSyntaxError(`cannot assign to ${exprName(test)} here. Maybe you meant '==' instead of '='?`, test);
  }

  /** A `:` the grammar insists on (`&&':'`): anything else is "expected ':'" where the colon should be. */
  private forceColon(): void {
    if (!this.acceptOp(':')) throw new ScriptSyntaxError("expected ':'", this.peek());
  }

  /** An optional `else:` block of if, for and while. */
  private parseElse(): Stmt[] {
    const t = this.peek();
    if (!this.isKeyword(t, 'else')) return [];
    this.next();
    this.forceColon();
    return this.parseBlock("'else' statement", t);
  }

  private parseDef(): Stmt {
    const kw = this.next();
    const name = this.expectName();
    const open = this.peek();
    if (!this.isOp(open, '(')) throw new ScriptSyntaxError("expected '('", open);
    this.next();
    const args = this.parseParameters(')', open);
    this.expectOp(')');
    if (this.isOp(this.peek(), '->')) this.notSupported('return annotation', this.peek());
    this.forceColon();
    const loops = this.loopDepth;
    this.loopDepth = 0;
    this.functionDepth++;
    const body = this.parseBlock('function definition', kw);
    this.functionDepth--;
    this.loopDepth = loops;
    return { kind: 'FunctionDef', name: name.value, args, body, ...span(kw, body[body.length - 1]) };
  }

  /**
   * Parameters up to `closing` (`)` of a def, `:` of a lambda), with
   * CPython's errors. Annotations, `/` and `**kwargs` are outside the subset.
   */
  private parseParameters(closing: ')' | ':', open: Token): Arguments {
    const args: Arg[] = [];
    const defaults: Expr[] = [];
    const kwonlyargs: Arg[] = [];
    const kwDefaults: Array<Expr | null> = [];
    let vararg: Arg | null = null;
    let star: Token | null = null;
    const start = this.peek();
    while (!this.isOp(this.peek(), closing)) {
      const t = this.peek();
      if (this.isOp(t, '**')) this.notSupported('**kwargs', t);
      if (this.isOp(t, '/')) this.notSupported('positional-only parameters', t);
      if (this.isOp(t, '*')) {
        if (star !== null) throw new ScriptSyntaxError('* argument may appear only once', t);
        star = this.next();
        if (this.isName(this.peek())) {
          vararg = this.parameter(closing);
          if (this.isOp(this.peek(), '=')) throw new ScriptSyntaxError('var-positional argument cannot have default value', this.peek());
        } else if (this.isOp(this.peek(), closing) || (this.isOp(this.peek(), ',') && this.isOp(this.peek(1), closing))) {
          throw new ScriptSyntaxError('named arguments must follow bare *', star);
        }
      } else {
        const arg = this.parameter(closing);
        let value: Expr | null = null;
        if (this.acceptOp('=')) value = this.parseExpression();
        if (star !== null) {
          kwonlyargs.push(arg);
          kwDefaults.push(value);
        } else {
          if (value !== null) defaults.push(value);
          else if (defaults.length > 0) throw new ScriptSyntaxError('non-default argument follows default argument', arg);
          args.push(arg);
        }
      }
      if (!this.acceptOp(',')) break;
    }
    const end = args.length + kwonlyargs.length > 0 || vararg !== null ? this.last : open;
    return { kind: 'Arguments', args, vararg, kwonlyargs, kwDefaults, defaults, ...span(args.length > 0 || star !== null ? start : open, end) };
  }

  private parameter(closing: ')' | ':'): Arg {
    const name = this.expectName();
    if (closing === ')' && this.isOp(this.peek(), ':')) this.notSupported('parameter annotation', this.peek());
    return { kind: 'Arg', arg: name.value, ...span(name, name) };
  }

  private parseWith(): Stmt {
    const kw = this.next();
    const items: WithItem[] = [];
    if (this.hasParenthesizedWithItems()) {
      // `with (a as b, c):` lists items; `with (a, b):` is two items, not a tuple.
      this.next();
      do {
        if (this.isOp(this.peek(), ')') && items.length > 0) break;
        items.push(this.parseWithItem(')'));
      } while (this.acceptOp(','));
      this.expectOp(')');
    } else {
      items.push(this.parseWithItem(':'));
      while (this.acceptOp(',')) items.push(this.parseWithItem(':'));
    }
    this.expectColon();
    const body = this.parseBlock("'with' statement", kw);
    return { kind: 'With', items, body, ...span(kw, body[body.length - 1]) };
  }

  /** Whether `with` is followed by `( ... )` and then `:` (CPython tries that form first). */
  private hasParenthesizedWithItems(): boolean {
    if (!this.isOp(this.peek(), '(')) return false;
    let depth = 0;
    for (let k = 0; ; k++) {
      const t = this.peek(k);
      if (t.type === 'ENDMARKER') return false;
      if (t.type !== 'OP') continue;
      if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
      else if (t.value === ')' || t.value === ']' || t.value === '}') depth--;
      if (depth === 0) return this.isOp(this.peek(k + 1), ':');
    }
  }

  private parseWithItem(closing: ':' | ')'): WithItem {
    const start = this.peek();
    const context = this.parseExpression();
    let target: Target | null = null;
    if (this.isKeyword(this.peek(), 'as')) {
      this.next();
      target = this.checkTarget(this.parseTargetItem());
      const t = this.peek();
      if (!this.isOp(t, ',') && !this.isOp(t, closing)) this.fail();
    }
    return { kind: 'WithItem', context, target, ...span(start, this.last) };
  }

  /** The body after `for ...:`, `if ...:`..., indented or on the same line; `statement` names it as CPython's error does. */
  private parseBlock(statement: string, kw: Token): Stmt[] {
    if (this.peek().type !== 'NEWLINE') return this.parseSimpleStatements();
    this.next();
    const t = this.peek();
    if (t.type !== 'INDENT') {
      throw new ScriptSyntaxError(`expected an indented block after ${statement} on line ${kw.line}`, t, {
        pythonType: 'IndentationError',
      });
    }
    this.next();
    const body: Stmt[] = [];
    while (this.peek().type !== 'DEDENT') {
      if (this.peek().type === 'ENDMARKER') this.fail();
      body.push(...this.parseStatement());
    }
    this.next();
    return body;
  }

  /** Assignment, augmented assignment or a bare expression. */
  private parseExpressionStatement(): Stmt {
    const start = this.peek();
    const first = this.parseStarExpressions();
    const t = this.peek();
    if (this.isOp(t, '=')) {
      const exprs = [first];
      while (this.acceptOp('=')) {
        if (this.isKeyword(this.peek(), 'yield')) this.notSupported('yield', this.peek());
        exprs.push(this.parseStarExpressions());
      }
      const value = exprs.pop()!;
      const targets = this.checkAssignTargets(exprs);
      const node: Assign = { kind: 'Assign', targets, value, ...span(start, this.last) };
      return node;
    }
    if (t.type === 'OP' && t.value in AUGMENTED) {
      if (first.kind !== 'Name' && first.kind !== 'Attribute' && first.kind !== 'Subscript') {
        throw new ScriptSyntaxError(`'${exprName(first)}' is an illegal expression for augmented assignment`, first);
      }
      this.next();
      if (this.isKeyword(this.peek(), 'yield')) this.notSupported('yield', this.peek());
      const value = this.parseStarExpressions();
      const node: AugAssign = { kind: 'AugAssign', target: first, op: AUGMENTED[t.value], value, ...span(start, this.last) };
      return node;
    }
    if (this.isOp(t, ':')) this.notSupported('variable annotation', first);
    return { kind: 'ExprStmt', value: first, ...span(start, this.last) };
  }

  /**
   * Checks `t1 = t2 = ... = value` targets. CPython's second parser pass
   * tries a few rules before the plain "cannot assign to X", and these hints
   * come from them (invalid_named_expression in python.gram): `t = v` where
   * the expression right before the first `=` is a simple bitwise_or and the
   * next one is not itself followed by `=`.
   */
  private checkAssignTargets(exprs: Expr[]): Target[] {
    const first = exprs[0];
    const next = exprs.length > 1 ? exprs[1] : null;
    // exprs holds only targets, so a second one is followed by `=` unless
    // its leading bitwise_or is only part of it (a bare tuple, a comparison...).
    const nextFollowedByEquals = next !== null && isBitwiseOrLevel(next) && !this.isBareTuple(next);
    if (!nextFollowedByEquals) {
      const beforeEquals = this.isBareTuple(first) ? (first as { elts: Expr[] }).elts.at(-1)! : first;
      const simple =
        isBitwiseOrLevel(beforeEquals) &&
        beforeEquals.kind !== 'List' &&
        beforeEquals.kind !== 'Bool' &&
        beforeEquals.kind !== 'None' &&
        !this.parenthesized.has(beforeEquals);
      if (simple && invalidTarget(beforeEquals) === beforeEquals) {
        throw new ScriptSyntaxError(
          `cannot assign to ${exprName(beforeEquals)} here. Maybe you meant '==' instead of '='?`,
          beforeEquals,
        );
      }
      // `NAME = value` matched, but something else in the statement is wrong.
      const badTuple = this.isBareTuple(first) && invalidTarget(first) !== null;
      const badLater = first.kind === 'Name' && exprs.slice(1).some((e) => invalidTarget(e) !== null);
      if (beforeEquals.kind === 'Name' && (badTuple || badLater)) {
        throw new ScriptSyntaxError("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", beforeEquals);
      }
    }
    return exprs.map((e) => this.checkTarget(e));
  }

  private isBareTuple(e: Expr): boolean {
    // `()` is always written with its parentheses, whether or not they were recorded.
    return e.kind === 'Tuple' && e.elts.length > 0 && !this.parenthesized.has(e);
  }

  /** Checks that `e` can be assigned to, with CPython's messages. */
  private checkTarget(e: Expr): Target {
    const bad = invalidTarget(e);
    if (bad) throw new ScriptSyntaxError(`cannot assign to ${exprName(bad)}`, bad);
    return e as Target;
  }

  /** `star_targets` of a for loop: stops before `in`. */
  private parseTargetList(): Target {
    const start = this.peek();
    const first = this.parseTargetItem();
    if (!this.isOp(this.peek(), ',')) return this.checkTarget(first);
    const elts = [first];
    while (this.acceptOp(',')) {
      if (!this.canStartExpression(this.peek())) break;
      elts.push(this.parseTargetItem());
    }
    return this.checkTarget({ kind: 'Tuple', elts, ...span(start, this.last) });
  }

  private parseTargetItem(): Expr {
    if (this.isOp(this.peek(), '*')) this.notSupported('starred assignment target', this.peek());
    return this.parseBitOr();
  }

  // ------------------------------------------------------------ expressions

  /** `star_expressions`: an expression, or a tuple without parentheses. */
  private parseStarExpressions(): Expr {
    const start = this.peek();
    const first = this.parseStarExpression();
    if (!this.isOp(this.peek(), ',')) return first;
    const elts = [first];
    while (this.acceptOp(',')) {
      if (!this.canStartExpression(this.peek())) break;
      elts.push(this.parseStarExpression());
    }
    return { kind: 'Tuple', elts, ...span(start, this.last) };
  }

  private parseStarExpression(): Expr {
    if (this.isOp(this.peek(), '*')) this.notSupported('starred expression', this.peek());
    return this.parseExpression();
  }

  /** An expression where Python would also accept `name := value` (or `*x`). */
  private parseNamedExpression(): Expr {
    if (this.isOp(this.peek(), '*')) this.notSupported('starred expression', this.peek());
    const e = this.parseExpression();
    if (this.isOp(this.peek(), ':=')) this.notSupported(':=', this.peek());
    return e;
  }

  /** `expression`: a conditional expression or a disjunction. */
  private parseExpression(): Expr {
    const t = this.peek();
    if (this.isKeyword(t, 'lambda')) return this.parseLambda();
    this.enter(t);
    if (this.isKeyword(t, 'yield')) this.notSupported('yield', t);
    let e = this.parseDisjunction();
    if (this.isKeyword(this.peek(), 'if')) {
      this.next();
      const test = this.parseDisjunction();
      const t2 = this.peek();
      if (!this.isKeyword(t2, 'else')) {
        if (this.isOp(t2, ':')) this.fail();
        throw new ScriptSyntaxError("expected 'else' after 'if' expression", span(t, test));
      }
      this.next();
      const orelse = this.parseExpression();
      e = { kind: 'IfExp', test, body: e, orelse, ...span(t, this.last) };
    }
    this.leave();
    return e;
  }

  private parseLambda(): Expr {
    const kw = this.next();
    this.enter(kw);
    const args = this.parseParameters(':', kw);
    this.expectColon();
    const loops = this.loopDepth;
    this.loopDepth = 0;
    this.functionDepth++;
    const body = this.parseExpression();
    this.functionDepth--;
    this.loopDepth = loops;
    this.leave();
    return { kind: 'Lambda', args, body, ...span(kw, this.last) };
  }

  private parseDisjunction(): Expr {
    const start = this.peek();
    const first = this.parseConjunction();
    let e = first;
    if (this.isKeyword(this.peek(), 'or')) {
      const values = [first];
      while (this.isKeyword(this.peek(), 'or')) {
        this.next();
        values.push(this.parseConjunction());
      }
      e = { kind: 'BoolOp', op: 'or', values, ...span(start, this.last) };
    }
    this.lastDisjunction = { node: e, next: this.idx };
    return e;
  }

  private parseConjunction(): Expr {
    const start = this.peek();
    const first = this.parseInversion();
    if (!this.isKeyword(this.peek(), 'and')) return first;
    const values = [first];
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      values.push(this.parseInversion());
    }
    return { kind: 'BoolOp', op: 'and', values, ...span(start, this.last) };
  }

  private parseInversion(): Expr {
    const t = this.peek();
    if (!this.isKeyword(t, 'not')) return this.parseComparison();
    this.next();
    this.enter(t);
    const operand = this.parseInversion();
    this.leave();
    return { kind: 'UnaryOp', op: 'not', operand, ...span(t, this.last) };
  }

  private parseComparison(): Expr {
    const start = this.peek();
    const left = this.parseBitOr();
    const ops: CompareOperator[] = [];
    const comparators: Expr[] = [];
    for (;;) {
      const t = this.peek();
      let op: CompareOperator;
      if (t.type === 'OP' && COMPARISONS.has(t.value)) {
        op = t.value as CompareOperator;
        this.next();
      } else if (this.isKeyword(t, 'in')) {
        op = 'in';
        this.next();
      } else if (this.isKeyword(t, 'not') && this.isKeyword(this.peek(1), 'in')) {
        op = 'not in';
        this.next();
        this.next();
      } else if (this.isKeyword(t, 'is')) {
        this.next();
        op = 'is';
        if (this.isKeyword(this.peek(), 'not')) {
          this.next();
          op = 'is not';
        }
      } else {
        break;
      }
      ops.push(op);
      comparators.push(this.parseBitOr());
    }
    if (ops.length === 0) return left;
    return { kind: 'Compare', left, ops, comparators, ...span(start, this.last) };
  }

  /**
   * The binary operators from `|` down to `* / // % @`, by precedence
   * climbing: one loop instead of one rule per level, so that each bracket
   * level costs few JS frames. Left-associative; `**` is in parsePower.
   */
  private parseBinary(minPrec: number): Expr {
    const start = this.peek();
    let left = this.parseFactor();
    for (;;) {
      const t = this.peek();
      const prec = t.type === 'OP' ? BINARY_PRECEDENCE.get(t.value) : undefined;
      if (prec === undefined || prec < minPrec) return left;
      this.next();
      const right = this.parseBinary(prec + 1);
      left = { kind: 'BinOp', op: t.value as BinaryOperator, left, right, ...span(start, this.last) };
    }
  }

  /** CPython's bitwise_or: every binary operator but `**`. */
  private parseBitOr(): Expr {
    return this.parseBinary(1);
  }

  /** Unary `+ - ~`, which bind looser than `**` on their right: `-x**2` is `-(x**2)`. */
  private parseFactor(): Expr {
    const t = this.peek();
    if (t.type !== 'OP' || !UNARY_OPS.has(t.value)) return this.parsePower();
    this.next();
    this.enter(t);
    const operand = this.parseFactor();
    this.leave();
    return { kind: 'UnaryOp', op: t.value as '+' | '-' | '~', operand, ...span(t, this.last) };
  }

  /** `**` is right-associative and its right operand may be unary: `2**-1`. */
  private parsePower(): Expr {
    const start = this.peek();
    if (this.isKeyword(start, 'await')) this.notSupported('await', start);
    const base = this.parsePrimary();
    if (!this.isOp(this.peek(), '**')) return base;
    this.enter(this.next());
    const exponent = this.parseFactor();
    this.leave();
    return { kind: 'BinOp', op: '**', left: base, right: exponent, ...span(start, this.last) };
  }

  private parsePrimary(): Expr {
    const start = this.peek();
    let e = this.parseAtom();
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, '.')) {
        this.next();
        const name = this.expectName();
        e = { kind: 'Attribute', value: e, attr: name.value, ...span(start, name) };
      } else if (this.isOp(t, '(')) {
        e = this.parseCall(e, start);
      } else if (this.isOp(t, '[')) {
        e = this.parseSubscript(e, start);
      } else {
        return e;
      }
    }
  }

  private parseAtom(): Expr {
    const t = this.peek();
    switch (t.type) {
      case 'NAME':
        if (!KEYWORDS.has(t.value)) {
          this.next();
          return { kind: 'Name', id: t.value, ...span(t, t) };
        }
        switch (t.value) {
          case 'True':
          case 'False':
            this.next();
            return { kind: 'Bool', value: t.value === 'True', ...span(t, t) };
          case 'None':
            this.next();
            return { kind: 'None', ...span(t, t) };
          case 'lambda':
          case 'yield':
          case 'await':
            return this.notSupported(t.value, t);
        }
        return this.fail();
      case 'NUMBER':
        this.next();
        return this.numberLiteral(t);
      case 'STRING':
        return this.parseStrings();
      case 'OP':
        switch (t.value) {
          case '(':
            return this.parseParenthesized();
          case '[':
            return this.parseList();
          case '{':
            return this.parseBrace();
          case '...':
            this.next();
            return { kind: 'Ellipsis', ...span(t, t) };
        }
        return this.fail();
      default:
        return this.fail();
    }
  }

  private numberLiteral(t: Token): Expr {
    const text = t.value.replace(/_/g, '');
    const last = text[text.length - 1];
    if (last === 'j' || last === 'J') this.notSupported('complex number', t);
    const radix = /^0[xXoObB]/.test(text);
    if (!radix && /[.eE]/.test(text)) return { kind: 'Float', value: Number(text), ...span(t, t) };
    const big = BigInt(radix ? text.slice(0, 2).toLowerCase() + text.slice(2) : text);
    return { kind: 'Int', value: Number(big), digits: big.toString(), ...span(t, t) };
  }

  /** `( )`, `(x)`, `(x,)`, `(a, b)` */
  private parseParenthesized(): Expr {
    const open = this.next();
    if (this.isOp(this.peek(), ')')) {
      const close = this.next();
      return { kind: 'Tuple', elts: [], ...span(open, close) };
    }
    const first = this.parseNamedExpression();
    const t = this.peek();
    if (this.isKeyword(t, 'for') || this.isKeyword(t, 'async')) this.notSupported('generator expression', open);
    if (!this.isOp(t, ',')) {
      this.expectOp(')');
      return first;
    }
    const elts = [first];
    while (this.acceptOp(',')) {
      if (this.isOp(this.peek(), ')')) break;
      elts.push(this.parseNamedExpression());
    }
    const close = this.expectOp(')');
    const tuple: Expr = { kind: 'Tuple', elts, ...span(open, close) };
    this.parenthesized.add(tuple);
    return tuple;
  }

  private parseList(): Expr {
    const open = this.next();
    const elts: Expr[] = [];
    if (!this.isOp(this.peek(), ']')) {
      elts.push(this.parseNamedExpression());
      const t = this.peek();
      if (this.isKeyword(t, 'for') || this.isKeyword(t, 'async')) this.notSupported('list comprehension', open);
      while (this.acceptOp(',')) {
        if (this.isOp(this.peek(), ']')) break;
        elts.push(this.parseNamedExpression());
      }
    }
    const close = this.expectOp(']');
    return { kind: 'List', elts, ...span(open, close) };
  }

  /** `{...}` is a dict or set display, neither of which is supported. */
  private parseBrace(): never {
    const open = this.next();
    const t = this.peek();
    if (this.isOp(t, '}') || this.isOp(t, '**')) this.notSupported('dict literal', open);
    if (this.isOp(t, '*')) this.notSupported('set literal', open);
    this.parseExpression();
    this.notSupported(this.isOp(this.peek(), ':') ? 'dict literal' : 'set literal', open);
  }

  private parseCall(func: Expr, start: Token): Call {
    this.next();
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    const seen = new Set<string>();
    let positionalAfterKeyword = false;
    while (!this.isOp(this.peek(), ')')) {
      const t = this.peek();
      if (this.isOp(t, '**')) this.notSupported('**kwargs', t);
      if (this.isOp(t, '*')) {
        // `f(*xs)`: CPython allows it after keywords too (`f(a=1, *b)`).
        this.next();
        const value = this.parseExpression();
        args.push({ kind: 'Starred', value, ...span(t, this.last) });
        if (!this.acceptOp(',')) break;
        continue;
      }
      if (this.isName(t) && this.isOp(this.peek(1), '=')) {
        this.next();
        this.next();
        const value = this.parseExpression();
        const kw: Keyword = { kind: 'Keyword', name: t.value, value, ...span(t, this.last) };
        if (seen.has(t.value)) this.deferred.push(new ScriptSyntaxError(`keyword argument repeated: ${t.value}`, kw));
        seen.add(t.value);
        keywords.push(kw);
      } else {
        const e = this.parseNamedExpression();
        const after = this.peek();
        if (this.isKeyword(after, 'for') || this.isKeyword(after, 'async')) this.notSupported('generator expression', e);
        if (this.isOp(after, '=')) {
          const msg = e.kind === 'Bool' || e.kind === 'None'
            ? `cannot assign to ${e.kind === 'None' ? 'None' : e.value ? 'True' : 'False'}`
            : 'expression cannot contain assignment, perhaps you meant "=="?';
          throw new ScriptSyntaxError(msg, e);
        }
        if (keywords.length > 0) positionalAfterKeyword = true;
        args.push(e);
      }
      if (!this.acceptOp(',')) break;
    }
    if (positionalAfterKeyword && this.isOp(this.peek(), ')')) {
      throw new ScriptSyntaxError('positional argument follows keyword argument', this.buf[this.buf.length - 1]);
    }
    const close = this.expectOp(')');
    return { kind: 'Call', func, args, keywords, ...span(start, close) };
  }

  private parseSubscript(value: Expr, start: Token): Expr {
    this.next();
    const indexStart = this.peek();
    if (this.isOp(indexStart, ']')) this.fail();
    const first = this.parseSliceItem();
    let index: Expr | Slice | IndexTuple = first;
    if (this.isOp(this.peek(), ',')) {
      const elts = [first];
      while (this.acceptOp(',')) {
        if (this.isOp(this.peek(), ']')) break;
        elts.push(this.parseSliceItem());
      }
      index = { kind: 'IndexTuple', elts, ...span(indexStart, this.last) };
    }
    const close = this.expectOp(']');
    return { kind: 'Subscript', value, index, ...span(start, close) };
  }

  /** One subscript item: an expression or `lower:upper:step`. */
  private parseSliceItem(): Expr | Slice {
    const t = this.peek();
    if (this.isOp(t, '*')) this.notSupported('starred expression', t);
    let lower: Expr | null = null;
    if (!this.isOp(t, ':')) {
      lower = this.parseNamedExpression();
      if (!this.isOp(this.peek(), ':')) return lower;
    }
    this.next(); // the colon
    const endsPart = (): boolean => {
      const p = this.peek();
      return this.isOp(p, ':') || this.isOp(p, ',') || this.isOp(p, ']');
    };
    const upper = endsPart() ? null : this.parseExpression();
    let step: Expr | null = null;
    if (this.acceptOp(':')) {
      const p = this.peek();
      step = this.isOp(p, ',') || this.isOp(p, ']') ? null : this.parseExpression();
    }
    return { kind: 'Slice', lower, upper, step, ...span(t, this.last) };
  }

  /** One or more adjacent string literals, concatenated. */
  private parseStrings(): Expr {
    const toks: Token[] = [];
    while (this.peek().type === 'STRING') toks.push(this.next());
    // CPython reports problems inside string literals at the token after them.
    const after = this.peek();
    const site: ErrorLocation = { line: after.line, col: after.col };
    const parts: Array<string | FormattedValue> = [];
    let isF = false;
    for (const tok of toks) {
      const info = stringTokenInfo(tok);
      if (info.isBytes) this.notSupported('bytes literal', tok);
      const body = this.src.text.slice(info.bodyStart, info.bodyEnd);
      if (info.isF) {
        isF = true;
        parts.push(
          ...parseFString({
            src: this.src,
            tok,
            info,
            site,
            parseField: (start, end, line, lineStart) => this.parseField(start, end, line, lineStart),
          }),
        );
      } else {
        parts.push(info.isRaw ? body : decodeEscapes(body, { line: tok.line, col: tok.col }, site));
      }
    }
    const where = span(toks[0], toks[toks.length - 1]);
    if (!isF) return { kind: 'Str', value: (parts as string[]).join(''), ...where };
    const merged: Array<string | FormattedValue> = [];
    for (const part of parts) {
      const prevIdx = merged.length - 1;
      if (typeof part === 'string') {
        if (part === '') continue;
        if (prevIdx >= 0 && typeof merged[prevIdx] === 'string') merged[prevIdx] = (merged[prevIdx] as string) + part;
        else merged.push(part);
      } else {
        merged.push(part);
      }
    }
    return { kind: 'FString', parts: merged, ...where };
  }

  /** Parses the expression of an f-string field with its own lexer. */
  private parseField(start: number, end: number, line: number, lineStart: number): Expr {
    const lexer = new Lexer(this.src, { maxDepth: this.opts.maxDepth, mode: 'expression', start, end, line, lineStart });
    const sub = new Parser(lexer, this.src, this.opts, this.depth, true);
    try {
      return sub.parseFieldExpression();
    } catch (e) {
      if (e instanceof ScriptSyntaxError && !e.msg.startsWith('f-string')) {
        throw new ScriptSyntaxError(`f-string: ${e.msg}`, { line: e.line, col: e.col }, { pythonType: e.pythonType });
      }
      throw e;
    }
  }
}
