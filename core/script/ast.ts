/**
 * AST of the Autograd Lab script language, a Python subset.
 *
 * Shapes follow Python's `ast` module where it is natural, with a few
 * deliberate simplifications for the interpreter:
 * - every node has a string `kind`, and the unions below are closed, so a
 *   `switch (node.kind)` is exhaustive;
 * - literals are split by type (`Int`, `Float`, `Str`, `Bool`, `None`,
 *   `Ellipsis`) instead of one `Constant`;
 * - a subscript written with bare commas, `a[1:2, 0]`, has an `IndexTuple`
 *   index, so `Slice` can only ever appear in a subscript, never as a value;
 * - there is no Load/Store context: the parser guarantees that every
 *   assignment target is a `Target` (see below).
 *
 * Positions: every node carries a `Span`. `line`/`col` are the 1-based line
 * and column of its first character, `endLine`/`endCol` the position just
 * after its last one (so `endCol` is exclusive). Columns count Unicode code
 * points and a tab counts as one column, like CPython's error display.
 * A parenthesised expression keeps the span of what is inside the
 * parentheses, except a parenthesised tuple, whose span includes them.
 *
 * Depth: `parse()` bounds how deeply nodes nest (`maxAstDepth`, 1000 by
 * default), so recursive walkers over a parsed tree cannot overflow the stack.
 */

export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

// ---------------------------------------------------------------- module

export interface Module extends Span {
  kind: 'Module';
  body: Stmt[];
}

// ---------------------------------------------------------------- statements

export type Stmt =
  | Import
  | ImportFrom
  | Assign
  | AugAssign
  | ExprStmt
  | For
  | While
  | If
  | With
  | FunctionDef
  | Return
  | Global
  | Pass
  | Break
  | Continue;

/** `import torch`, `import torch.nn.functional as F, math` */
export interface Import extends Span {
  kind: 'Import';
  names: Alias[];
}

/** `from torch import a, b as c` (only absolute imports; `module` is dotted, e.g. `torch.nn`) */
export interface ImportFrom extends Span {
  kind: 'ImportFrom';
  module: string;
  names: Alias[];
}

/** One imported name: `name` is dotted for `import a.b`, plain for `from m import name`. */
export interface Alias extends Span {
  kind: 'Alias';
  name: string;
  asname: string | null;
}

/**
 * `a = 1`, `a, b = t`, `x.grad = None`, `x[0] = 1.`, and chains `a = b = 0`.
 * `targets` are assigned left to right, each with the same value (as Python).
 */
export interface Assign extends Span {
  kind: 'Assign';
  targets: Target[];
  value: Expr;
}

/** `x += 1`: the target is a single name, attribute or subscript. */
export interface AugAssign extends Span {
  kind: 'AugAssign';
  target: Name | Attribute | Subscript;
  op: BinaryOperator;
  value: Expr;
}

export interface ExprStmt extends Span {
  kind: 'ExprStmt';
  value: Expr;
}

/** `for target in iter:` — the parser accepts any iterable expression. `orelse` is the `else:` block (empty without one). */
export interface For extends Span {
  kind: 'For';
  target: Target;
  iter: Expr;
  body: Stmt[];
  orelse: Stmt[];
}

/** `while test:` with its optional `else:` block (empty without one). */
export interface While extends Span {
  kind: 'While';
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
}

/**
 * `if test:` ... `else:`. As in Python, `elif` is an `If` alone in the
 * `orelse` of the one before it (its span starts at the `elif` keyword).
 */
export interface If extends Span {
  kind: 'If';
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
}

/** `def name(args):` (no decorators, annotations or `**kwargs`). */
export interface FunctionDef extends Span {
  kind: 'FunctionDef';
  name: string;
  args: Arguments;
  body: Stmt[];
}

/**
 * Parameters of a `def` or `lambda`: `a, b=1, *rest, k, m=2`. `defaults`
 * belong to the last `args` (as in Python); `kwDefaults` lines up with
 * `kwonlyargs`, null where a keyword-only parameter has none.
 */
export interface Arguments extends Span {
  kind: 'Arguments';
  args: Arg[];
  vararg: Arg | null;
  kwonlyargs: Arg[];
  kwDefaults: Array<Expr | null>;
  defaults: Expr[];
}

export interface Arg extends Span {
  kind: 'Arg';
  arg: string;
}

/** `return` or `return value` */
export interface Return extends Span {
  kind: 'Return';
  value: Expr | null;
}

/** `global a, b` */
export interface Global extends Span {
  kind: 'Global';
  names: string[];
}

/** `with a, b as c:` */
export interface With extends Span {
  kind: 'With';
  items: WithItem[];
  body: Stmt[];
}

export interface WithItem extends Span {
  kind: 'WithItem';
  context: Expr;
  target: Target | null;
}

export interface Pass extends Span {
  kind: 'Pass';
}

export interface Break extends Span {
  kind: 'Break';
}

export interface Continue extends Span {
  kind: 'Continue';
}

/**
 * What can be assigned to. The parser guarantees that the elements of a
 * target `Tuple` or `List` are themselves targets.
 */
export type Target = Name | Attribute | Subscript | Tuple | List;

// ---------------------------------------------------------------- expressions

export type Expr =
  | Name
  | Int
  | Float
  | Str
  | FString
  | Bool
  | None
  | Ellipsis
  | List
  | Tuple
  | Attribute
  | Subscript
  | Call
  | UnaryOp
  | BinOp
  | BoolOp
  | Compare
  | IfExp
  | Lambda
  | Starred;

export interface Name extends Span {
  kind: 'Name';
  id: string;
}

/**
 * Integer literal. `value` is the JS number (exact below 2**53); `digits` is
 * the exact value in decimal (underscores and base prefix removed), for
 * `BigInt(digits)` when it matters.
 */
export interface Int extends Span {
  kind: 'Int';
  value: number;
  digits: string;
}

/** Float literal (`1.`, `.5`, `1e-3`); a literal too large is `Infinity`, like Python's `inf`. */
export interface Float extends Span {
  kind: 'Float';
  value: number;
}

/** String literal, with escapes decoded and adjacent literals concatenated. */
export interface Str extends Span {
  kind: 'Str';
  value: string;
}

/**
 * f-string (and any concatenation that includes one). `parts` alternates
 * literal text and fields; literal parts are non-empty and never adjacent.
 * `f'{x=}'` is expanded as CPython does: literal `x=` then `{x!r}`.
 */
export interface FString extends Span {
  kind: 'FString';
  parts: Array<string | FormattedValue>;
}

/** `{value!conversion:formatSpec}` inside an f-string. */
export interface FormattedValue extends Span {
  kind: 'FormattedValue';
  value: Expr;
  conversion: 'r' | 's' | 'a' | null;
  formatSpec: string | null;
}

export interface Bool extends Span {
  kind: 'Bool';
  value: boolean;
}

export interface None extends Span {
  kind: 'None';
}

/** `...` */
export interface Ellipsis extends Span {
  kind: 'Ellipsis';
}

export interface List extends Span {
  kind: 'List';
  elts: Expr[];
}

export interface Tuple extends Span {
  kind: 'Tuple';
  elts: Expr[];
}

export interface Attribute extends Span {
  kind: 'Attribute';
  value: Expr;
  attr: string;
}

/**
 * `value[index]`. `a[i]` has an `Expr` index, `a[1:2]` a `Slice`, and
 * `a[:, 0]`, `a[..., None]`, `a[1,]` an `IndexTuple`. (`a[(1, 2)]` has a
 * `Tuple` index, which means the same thing to Python.)
 */
export interface Subscript extends Span {
  kind: 'Subscript';
  value: Expr;
  index: Expr | Slice | IndexTuple;
}

/** `lower:upper:step` inside a subscript; omitted parts are null. */
export interface Slice extends Span {
  kind: 'Slice';
  lower: Expr | null;
  upper: Expr | null;
  step: Expr | null;
}

/** Comma-separated subscript index `a[i, j:k]`; elements may be slices. */
export interface IndexTuple extends Span {
  kind: 'IndexTuple';
  elts: Array<Expr | Slice>;
}

/** `func(args..., name=value...)`; keyword names are unique, positionals come first. */
export interface Call extends Span {
  kind: 'Call';
  func: Expr;
  args: Expr[];
  keywords: Keyword[];
}

export interface Keyword extends Span {
  kind: 'Keyword';
  name: string;
  value: Expr;
}

export type UnaryOperator = '-' | '+' | '~' | 'not';

export interface UnaryOp extends Span {
  kind: 'UnaryOp';
  op: UnaryOperator;
  operand: Expr;
}

/** All of Python's binary operators; the interpreter decides which it runs. */
export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '//'
  | '%'
  | '@'
  | '**'
  | '<<'
  | '>>'
  | '&'
  | '|'
  | '^';

export interface BinOp extends Span {
  kind: 'BinOp';
  op: BinaryOperator;
  left: Expr;
  right: Expr;
}

/** `a or b or c` is one BoolOp with three values (as in Python). */
export interface BoolOp extends Span {
  kind: 'BoolOp';
  op: 'and' | 'or';
  values: Expr[];
}

export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'is' | 'is not' | 'in' | 'not in';

/** `a < b <= c` is one Compare: left `a`, ops `['<', '<=']`, comparators `[b, c]`. */
export interface Compare extends Span {
  kind: 'Compare';
  left: Expr;
  ops: CompareOperator[];
  comparators: Expr[];
}

/** `body if test else orelse` */
export interface IfExp extends Span {
  kind: 'IfExp';
  test: Expr;
  body: Expr;
  orelse: Expr;
}

/** `lambda args: body` */
export interface Lambda extends Span {
  kind: 'Lambda';
  args: Arguments;
  body: Expr;
}

/** `*value`: only as a call argument, `f(*xs)` (the parser refuses it elsewhere). */
export interface Starred extends Span {
  kind: 'Starred';
  value: Expr;
}

// ---------------------------------------------------------------- helpers

export type Node =
  | Module
  | Stmt
  | Expr
  | Alias
  | WithItem
  | FormattedValue
  | Slice
  | IndexTuple
  | Keyword
  | Arguments
  | Arg;

export type NodeKind = Node['kind'];

/** Direct child nodes of `node`, in source order. */
export function childNodes(node: Node): Node[] {
  switch (node.kind) {
    case 'Module':
      return node.body;
    case 'Import':
    case 'ImportFrom':
      return node.names;
    case 'Assign':
      return [...node.targets, node.value];
    case 'AugAssign':
      return [node.target, node.value];
    case 'ExprStmt':
      return [node.value];
    case 'For':
      return [node.target, node.iter, ...node.body, ...node.orelse];
    case 'While':
    case 'If':
      return [node.test, ...node.body, ...node.orelse];
    case 'FunctionDef':
      return [node.args, ...node.body];
    case 'Arguments': {
      // Source order: positional parameters and their defaults, *vararg, then keyword-only ones with theirs.
      const out: Node[] = [...node.args, ...node.defaults];
      if (node.vararg !== null) out.push(node.vararg);
      node.kwonlyargs.forEach((a, i) => {
        out.push(a);
        const d = node.kwDefaults[i];
        if (d !== null) out.push(d);
      });
      return out;
    }
    case 'Return':
      return node.value === null ? [] : [node.value];
    case 'Lambda':
      return [node.args, node.body];
    case 'Starred':
      return [node.value];
    case 'With':
      return [...node.items, ...node.body];
    case 'WithItem':
      return node.target ? [node.context, node.target] : [node.context];
    case 'FString':
      return node.parts.filter((p): p is FormattedValue => typeof p !== 'string');
    case 'FormattedValue':
      return [node.value];
    case 'List':
    case 'Tuple':
    case 'IndexTuple':
      return node.elts;
    case 'Attribute':
      return [node.value];
    case 'Subscript':
      return [node.value, node.index];
    case 'Slice':
      return [node.lower, node.upper, node.step].filter((n): n is Expr => n !== null);
    case 'Call':
      return [node.func, ...node.args, ...node.keywords];
    case 'Keyword':
      return [node.value];
    case 'UnaryOp':
      return [node.operand];
    case 'BinOp':
      return [node.left, node.right];
    case 'BoolOp':
      return node.values;
    case 'Compare':
      return [node.left, ...node.comparators];
    case 'IfExp':
      return [node.test, node.body, node.orelse];
    case 'Alias':
    case 'Arg':
    case 'Global':
    case 'Pass':
    case 'Break':
    case 'Continue':
    case 'Name':
    case 'Int':
    case 'Float':
    case 'Str':
    case 'Bool':
    case 'None':
    case 'Ellipsis':
      return [];
  }
}

const SPAN_KEYS: ReadonlySet<string> = new Set(['line', 'col', 'endLine', 'endCol']);

/**
 * Deep copy of a tree without positions, for comparing trees in tests.
 * Iterative, so it also works on trees deeper than the JS stack allows.
 */
export function stripPositions<T>(node: T): T {
  const root: { value: unknown } = { value: undefined };
  const work: Array<{ src: unknown; dst: Record<string, unknown> | unknown[]; key: string | number }> = [
    { src: node, dst: root as unknown as Record<string, unknown>, key: 'value' },
  ];
  while (work.length > 0) {
    const { src, dst, key } = work.pop()!;
    let copy: unknown = src;
    if (Array.isArray(src)) {
      const arr: unknown[] = new Array(src.length);
      src.forEach((v, i) => work.push({ src: v, dst: arr, key: i }));
      copy = arr;
    } else if (src !== null && typeof src === 'object') {
      const obj: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(src)) {
        if (!SPAN_KEYS.has(k)) work.push({ src: v, dst: obj, key: k });
      }
      copy = obj;
    }
    (dst as Record<string | number, unknown>)[key] = copy;
  }
  return root.value as T;
}
