/**
 * fast-check generators of random trees of the script language, shaped as
 * the parser builds them (no positions; Break/Continue only inside loops,
 * Return only inside functions;
 * literal values non-negative; f-string parts merged and non-empty).
 */
import fc from 'fast-check';
import type {
  Arg,
  Arguments,
  BinaryOperator,
  CompareOperator,
  Expr,
  FormattedValue,
  IndexTuple,
  Module,
  Slice,
  Stmt,
  Target,
} from '../../core/script/ast';

// Trees without positions: the printer and stripPositions() do not need them.
const bare = <T>(x: unknown): T => x as T;

const NAMES = ['x', 'y', 'torch', 'F', 'grad', 'a_1', '_', 'é', 'match', 'Δw'];
const name = fc.constantFrom(...NAMES);
const BINOPS: BinaryOperator[] = ['+', '-', '*', '/', '//', '%', '@', '**', '<<', '>>', '&', '|', '^'];
const CMPOPS: CompareOperator[] = ['==', '!=', '<', '<=', '>', '>=', 'is', 'is not', 'in', 'not in'];

const strChar = fc.oneof(
  fc.constantFrom('a', 'Z', ' ', "'", '"', '\\', '\n', '\r', '\t', '{', '}', '\x00', '\x7f', 'é', '😀', '\u2028', '\ud800', '#'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const anyString = fc.string({ unit: strChar, maxLength: 8 });
/** Strings that Python 3.11 can write inside an f-string field (no escapes, no double quote). */
const plainString = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', '{', '}', ':', '!', '#'), maxLength: 5 });

const intLit = fc.bigInt({ min: 0n, max: 2n ** 70n }).map((b) => bare<Expr>({ kind: 'Int', value: Number(b), digits: b.toString() }));
const floatLit = fc
  .oneof(fc.double({ min: 0, max: 1e300, noNaN: true }), fc.constantFrom(0.5, 1, 1e-7, 1e21, 5e-324, Infinity))
  .map((v) => bare<Expr>({ kind: 'Float', value: v === 0 ? 0 : v }));

function mergeParts(parts: Array<string | FormattedValue>): Array<string | FormattedValue> {
  const out: Array<string | FormattedValue> = [];
  for (const p of parts) {
    if (typeof p === 'string') {
      if (p === '') continue;
      const last = out.length - 1;
      if (last >= 0 && typeof out[last] === 'string') out[last] = (out[last] as string) + p;
      else out.push(p);
    } else {
      out.push(p);
    }
  }
  return out;
}

interface Arbs {
  expr: Expr;
  simpleExpr: Expr;
  target: Target;
}

const tree = fc.letrec<Arbs>((tie) => {
  const expr = tie('expr') as fc.Arbitrary<Expr>;
  const simple = tie('simpleExpr') as fc.Arbitrary<Expr>;
  const few = <T>(a: fc.Arbitrary<T>, min = 0, max = 3) => fc.array(a, { minLength: min, maxLength: max });

  const slice = fc
    .record({ lower: fc.option(expr), upper: fc.option(expr), step: fc.option(expr) })
    .map((s) => bare<Slice>({ kind: 'Slice', ...s }));
  const index = fc.oneof(
    expr,
    slice,
    few(fc.oneof(expr, slice), 1, 3).map((elts) => bare<IndexTuple>({ kind: 'IndexTuple', elts })),
  );
  const formattedValue = fc
    .record({
      value: simple,
      conversion: fc.constantFrom(null, 'r', 's', 'a'),
      formatSpec: fc.constantFrom(null, '', '.4f', '>10', ',', 'x', ' ^8.2e', "'"),
    })
    .map((f) => bare<FormattedValue>({ kind: 'FormattedValue', ...f }));
  const fstring = few(fc.oneof(anyString, formattedValue), 0, 4).map((parts) => bare<Expr>({ kind: 'FString', parts: mergeParts(parts) }));

  const leaf = fc.oneof(
    { weight: 4, arbitrary: name.map((id) => bare<Expr>({ kind: 'Name', id })) },
    { weight: 2, arbitrary: intLit },
    { weight: 1, arbitrary: floatLit },
    { weight: 1, arbitrary: anyString.map((value) => bare<Expr>({ kind: 'Str', value })) },
    { weight: 1, arbitrary: fc.boolean().map((value) => bare<Expr>({ kind: 'Bool', value })) },
    { weight: 1, arbitrary: fc.constantFrom(bare<Expr>({ kind: 'None' }), bare<Expr>({ kind: 'Ellipsis' })) },
  );

  const compound = fc.oneof(
    few(expr).map((elts) => bare<Expr>({ kind: 'List', elts })),
    few(expr).map((elts) => bare<Expr>({ kind: 'Tuple', elts })),
    fc.record({ value: expr, attr: name }).map((r) => bare<Expr>({ kind: 'Attribute', ...r })),
    fc.record({ value: expr, index }).map((r) => bare<Expr>({ kind: 'Subscript', ...r })),
    fc
      .record({
        func: expr,
        args: few(expr),
        keywords: fc.uniqueArray(fc.record({ name, value: expr }), { selector: (k) => k.name, maxLength: 2 }),
      })
      .map((r) => bare<Expr>({ kind: 'Call', func: r.func, args: r.args, keywords: r.keywords.map((k) => ({ kind: 'Keyword', ...k })) })),
    fc.record({ op: fc.constantFrom('-', '+', '~', 'not'), operand: expr }).map((r) => bare<Expr>({ kind: 'UnaryOp', ...r })),
    fc.record({ op: fc.constantFrom(...BINOPS), left: expr, right: expr }).map((r) => bare<Expr>({ kind: 'BinOp', ...r })),
    fc.record({ op: fc.constantFrom('and', 'or'), values: few(expr, 2, 3) }).map((r) => bare<Expr>({ kind: 'BoolOp', ...r })),
    fc
      .record({ left: expr, rest: few(fc.tuple(fc.constantFrom(...CMPOPS), expr), 1, 3) })
      .map((r) => bare<Expr>({ kind: 'Compare', left: r.left, ops: r.rest.map((x) => x[0]), comparators: r.rest.map((x) => x[1]) })),
    fc.record({ test: expr, body: expr, orelse: expr }).map((r) => bare<Expr>({ kind: 'IfExp', ...r })),
    fstring,
  );

  // Expressions allowed inside f-string fields: no string escapes possible there.
  const simpleLeaf = fc.oneof(
    name.map((id) => bare<Expr>({ kind: 'Name', id })),
    intLit,
    plainString.map((value) => bare<Expr>({ kind: 'Str', value })),
  );
  const simpleExpr = fc.oneof(
    { weight: 3, arbitrary: simpleLeaf },
    fc.record({ value: simple, attr: name }).map((r) => bare<Expr>({ kind: 'Attribute', ...r })),
    fc.record({ op: fc.constantFrom(...BINOPS), left: simple, right: simple }).map((r) => bare<Expr>({ kind: 'BinOp', ...r })),
    fc.record({ func: simple, args: few(simple) }).map((r) => bare<Expr>({ kind: 'Call', ...r, keywords: [] })),
    fc.record({ test: simple, body: simple, orelse: simple }).map((r) => bare<Expr>({ kind: 'IfExp', ...r })),
    few(simple, 0, 2).map((elts) => bare<Expr>({ kind: 'Tuple', elts })),
  );

  const simpleTarget = fc.oneof(
    { weight: 3, arbitrary: name.map((id) => bare<Target>({ kind: 'Name', id })) },
    fc.record({ value: expr, attr: name }).map((r) => bare<Target>({ kind: 'Attribute', ...r })),
    fc.record({ value: expr, index }).map((r) => bare<Target>({ kind: 'Subscript', ...r })),
  );
  const target = fc.oneof(
    { weight: 3, arbitrary: simpleTarget },
    few(tie('target') as fc.Arbitrary<Target>, 1, 3).map((elts) => bare<Target>({ kind: 'Tuple', elts })),
    few(tie('target') as fc.Arbitrary<Target>, 0, 2).map((elts) => bare<Target>({ kind: 'List', elts })),
  );

  return {
    expr: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, compound),
    simpleExpr: fc.oneof({ depthSize: 'small' }, simpleLeaf, simpleExpr),
    target,
  };
});

const dotted = fc.array(name, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));
const asname = fc.option(name);

/** A parameter list: unique names, defaults on the last positional ones, optional `*rest` and keyword-only ones. */
const parameters = fc
  .record({
    names: fc.uniqueArray(name, { maxLength: 4 }),
    defaults: fc.nat(2),
    star: fc.constantFrom('none', 'vararg', 'bare'),
    kwonly: fc.nat(2),
  })
  .chain((r) => {
    const positional = r.names.slice(0, r.names.length - (r.star === 'none' ? 0 : Math.min(r.kwonly, r.names.length)));
    const kwonly = r.star === 'none' ? [] : r.names.slice(positional.length);
    const star = r.star === 'bare' && kwonly.length === 0 ? 'none' : r.star;
    const nDefaults = Math.min(r.defaults, positional.length);
    return fc.record({
      defaults: fc.array(tree.expr, { minLength: nDefaults, maxLength: nDefaults }),
      kwDefaults: fc.array(fc.option(tree.expr), { minLength: kwonly.length, maxLength: kwonly.length }),
      vararg: star === 'vararg' ? name.filter((n) => !r.names.includes(n)).map((arg) => bare<Arg>({ kind: 'Arg', arg })) : fc.constant(null),
    }).map((d) => bare<Arguments>({
      kind: 'Arguments',
      args: positional.map((arg) => bare<Arg>({ kind: 'Arg', arg })),
      vararg: d.vararg,
      kwonlyargs: kwonly.map((arg) => bare<Arg>({ kind: 'Arg', arg })),
      kwDefaults: d.kwDefaults,
      defaults: d.defaults,
    }));
  });

function statements(depth: number, inLoop: boolean, inFunction = false): fc.Arbitrary<Stmt[]> {
  const { expr, target } = tree;
  const simpleTarget = target.filter((t) => t.kind === 'Name' || t.kind === 'Attribute' || t.kind === 'Subscript');
  const simple: Array<fc.Arbitrary<Stmt>> = [
    fc.array(fc.record({ name: dotted, asname }), { minLength: 1, maxLength: 2 }).map((names) =>
      bare<Stmt>({ kind: 'Import', names: names.map((n) => ({ kind: 'Alias', ...n })) }),
    ),
    fc
      .record({ module: dotted, names: fc.array(fc.record({ name, asname }), { minLength: 1, maxLength: 2 }) })
      .map((r) => bare<Stmt>({ kind: 'ImportFrom', module: r.module, names: r.names.map((n) => ({ kind: 'Alias', ...n })) })),
    fc.record({ targets: fc.array(target, { minLength: 1, maxLength: 2 }), value: expr }).map((r) => bare<Stmt>({ kind: 'Assign', ...r })),
    fc.record({ target: simpleTarget, op: fc.constantFrom(...BINOPS), value: expr }).map((r) => bare<Stmt>({ kind: 'AugAssign', ...r })),
    expr.map((value) => bare<Stmt>({ kind: 'ExprStmt', value })),
    fc.constant(bare<Stmt>({ kind: 'Pass' })),
  ];
  if (inLoop) simple.push(fc.constantFrom(bare<Stmt>({ kind: 'Break' }), bare<Stmt>({ kind: 'Continue' })));
  if (inFunction) simple.push(fc.option(expr).map((value) => bare<Stmt>({ kind: 'Return', value })));
  const options = [...simple];
  if (depth > 0) {
    options.push(
      fc
        .record({ target, iter: expr, body: statements(depth - 1, true, inFunction), orelse: elseBlock(depth, inLoop, inFunction) })
        .map((r) => bare<Stmt>({ kind: 'For', ...r })),
      fc
        .record({ test: expr, body: statements(depth - 1, true, inFunction), orelse: elseBlock(depth, inLoop, inFunction) })
        .map((r) => bare<Stmt>({ kind: 'While', ...r })),
      fc
        .record({ test: expr, body: statements(depth - 1, inLoop, inFunction), orelse: elseBlock(depth, inLoop, inFunction) })
        .map((r) => bare<Stmt>({ kind: 'If', ...r })),
      fc
        .record({ name, args: parameters, body: statements(depth - 1, false, true) })
        .map((r) => bare<Stmt>({ kind: 'FunctionDef', ...r })),
      fc
        .record({
          items: fc.array(fc.record({ context: expr, target: fc.option(target) }), { minLength: 1, maxLength: 2 }),
          body: statements(depth - 1, inLoop),
        })
        .map((r) => bare<Stmt>({ kind: 'With', items: r.items.map((i) => ({ kind: 'WithItem', ...i })), body: r.body })),
    );
  }
  return fc.array(fc.oneof(...options), { minLength: 1, maxLength: 3 });
}

/** The `else:` block of if, for and while: often absent. */
function elseBlock(depth: number, inLoop: boolean, inFunction: boolean): fc.Arbitrary<Stmt[]> {
  return fc.oneof({ weight: 2, arbitrary: fc.constant<Stmt[]>([]) }, statements(depth - 1, inLoop, inFunction));
}

/** Random modules of the whole subset. */
export const moduleArbitrary: fc.Arbitrary<Module> = statements(2, false).map((body) => bare<Module>({ kind: 'Module', body }));

/** Random expressions. */
export const exprArbitrary: fc.Arbitrary<Expr> = tree.expr;
