/**
 * What CPython cannot be the oracle for: the Autograd Lab subset (what is
 * refused, and how), the limits, the error objects and the printer's layout.
 * Grammar, positions and CPython's own error messages are checked against
 * CPython in parser_cpython.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { childNodes, stripPositions, type Expr, type Node } from '../../core/script/ast';
import { printAst, printExpr } from '../../core/script/ast_print';
import { parse } from '../../core/script/parser';
import { ScriptNotSupportedError, ScriptSyntaxError, isScriptParseError } from '../../core/script/syntax_error';

function thrown(src: string, options = {}): unknown {
  try {
    parse(src, options);
  } catch (e) {
    return e;
  }
  throw new Error(`parsed without error: ${JSON.stringify(src)}`);
}

function firstExpr(src: string): Expr {
  const stmt = parse(src).body[0];
  if (stmt.kind !== 'ExprStmt') throw new Error('not an expression statement');
  return stmt.value;
}

describe('constructs outside the subset', () => {
  const cases: Array<[string, string, number, number]> = [
    ['class A:\n    pass', 'class', 1, 1],
    ['try:\n    pass\nexcept E:\n    pass', 'try', 1, 1],
    ['async def f(): pass', 'async', 1, 1],
    ['raise ValueError()', 'raise', 1, 1],
    ['del x', 'del', 1, 1],
    ['assert x > 0', 'assert', 1, 1],
    ['yield x', 'yield', 1, 1],
    ['@torch.no_grad()\ndef f(): pass', 'decorator', 1, 1],
    ['match x:\n    case 1:\n        pass', 'match', 1, 1],
    ['y = await g()', 'await', 1, 5],
    ['d = {"a": 1}', 'dict literal', 1, 5],
    ['d = {}', 'dict literal', 1, 5],
    ['s = {1, 2}', 'set literal', 1, 5],
    ['sq = [i * i for i in range(3)]', 'list comprehension', 1, 6],
    ['t = sum(i for i in x)', 'generator expression', 1, 9],
    ['g = (i for i in x)', 'generator expression', 1, 5],
    ['a, *b = c', 'starred expression', 1, 4],
    ['for *a in b: pass', 'starred assignment target', 1, 5],
    ['f(**kw)', '**kwargs', 1, 3],
    ['if_ = [*a]', 'starred expression', 1, 8],
    ['if (n := 10) > 5: pass', ':=', 1, 7],
    ['def f(x: int):\n    pass', 'parameter annotation', 1, 8],
    ['def f() -> int:\n    pass', 'return annotation', 1, 9],
    ['def f(**kw):\n    pass', '**kwargs', 1, 7],
    ['def f(a, /, b):\n    pass', 'positional-only parameters', 1, 10],
    ['def f():\n    nonlocal x', 'nonlocal', 2, 5],
    ['g = lambda **kw: 0', '**kwargs', 1, 12],
    ['x = (n := 10)', ':=', 1, 8],
    ['z = 1 + 2j', 'complex number', 1, 9],
    ["b = b'bytes'", 'bytes literal', 1, 5],
    ['from . import x', 'relative import', 1, 1],
    ['from torch import *', 'import *', 1, 19],
    ['x: int = 1', 'variable annotation', 1, 1],
    ["s = '\\N{BULLET}'", '\\N{...} escape', 1, 5],
    ["s = f'{x:{w}}'", 'nested replacement field in an f-string format spec', 1, 10],
  ];
  it.each(cases)('%j is refused as %s', (src, construct, line, col) => {
    const e = thrown(src);
    expect(e).toBeInstanceOf(ScriptNotSupportedError);
    expect(e).toMatchObject({ construct, line, col, pythonType: 'NotImplementedError' });
    expect((e as Error).message).toBe(`Autograd Lab does not support '${construct}' (line ${line}, column ${col})`);
  });

  it('is reported as a SyntaxError when CPython would find a syntax error first', () => {
    // A tokenizer error later in the file wins, as in CPython.
    expect(thrown("def f(): pass\ns = 'abc")).toMatchObject({ msg: 'unterminated string literal', line: 2, col: 5 });
    // So does a compile-time error earlier in the file.
    expect(thrown('break\ndef f(): pass')).toMatchObject({ msg: "'break' outside loop", line: 1, col: 1 });
  });
});

describe('error objects', () => {
  it('ScriptSyntaxError carries the Python type, CPython message and position', () => {
    const e = thrown('x = (1,\n     2 3)');
    expect(e).toBeInstanceOf(ScriptSyntaxError);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({
      name: 'ScriptSyntaxError',
      pythonType: 'SyntaxError',
      msg: 'invalid syntax. Perhaps you forgot a comma?',
      line: 2,
      col: 6,
      message: 'invalid syntax. Perhaps you forgot a comma? (line 2, column 6)',
    });
    expect(isScriptParseError(e)).toBe(true);
  });

  it('indentation problems are IndentationError / TabError', () => {
    expect(thrown('x = 1\n    y = 2')).toMatchObject({ pythonType: 'IndentationError', msg: 'unexpected indent' });
    expect(thrown('for i in x:\n\tpass\n        pass')).toMatchObject({ pythonType: 'TabError' });
  });

  it('f-string field errors are prefixed like CPython and point into the source', () => {
    expect(thrown("print(f'{a +}')")).toMatchObject({ msg: 'f-string: invalid syntax', line: 1, col: 13 });
  });

  it('a NUL character is reported where it is', () => {
    expect(thrown('x = 1\ny = \0')).toMatchObject({ msg: 'source code cannot contain null bytes', line: 2, col: 5 });
  });
});

describe('limits', () => {
  it('source length', () => {
    expect(() => parse('x = 1\n', { maxLength: 5 })).toThrow('source is too long (6 characters; the limit is 5) (line 1, column 1)');
    expect(() => parse('x = 1', { maxLength: 5 })).not.toThrow();
    expect(() => parse('x'.repeat(1_000_001))).toThrow(ScriptSyntaxError);
  });

  it('maxDepth bounds brackets (CPython: 200) and other nesting', () => {
    const parens = (n: number) => 'x = ' + '('.repeat(n) + '1' + ')'.repeat(n);
    expect(() => parse(parens(200))).not.toThrow();
    expect(() => parse(parens(201))).toThrow('too many nested parentheses (line 1, column 205)');
    expect(() => parse(parens(10), { maxDepth: 10 })).not.toThrow();
    expect(() => parse(parens(11), { maxDepth: 10 })).toThrow('too many nested parentheses');
    expect(() => parse('x = ' + '-'.repeat(200) + '1')).not.toThrow();
    expect(() => parse('x = ' + '-'.repeat(201) + '1')).toThrow('expression nests too deeply (line 1, column 205)');
  });

  it('maxAstDepth bounds long operator chains', () => {
    const sum = (n: number) => 'x = ' + Array(n).fill('1').join(' + ');
    expect(() => parse(sum(50), { maxAstDepth: 60 })).not.toThrow();
    expect(() => parse(sum(100), { maxAstDepth: 60 })).toThrow('expression nests too deeply');
    expect(() => parse(sum(1500))).toThrow('expression nests too deeply');
  });

  it('parsed trees are never deeper than maxAstDepth', () => {
    const depth = (n: Node): number => 1 + Math.max(0, ...childNodes(n).map(depth));
    const tree = parse('x = ' + Array(400).fill('a').join(' * '));
    expect(depth(tree)).toBeLessThanOrEqual(1000);
  });
});

describe('source forms', () => {
  it('a BOM and CRLF/CR line ends read like plain LF', () => {
    const plain = stripPositions(parse('x = 1\nfor i in y:\n    z = i\n'));
    expect(stripPositions(parse('\ufeffx = 1\r\nfor i in y:\r\n    z = i\r\n'))).toEqual(plain);
    expect(stripPositions(parse('x = 1\rfor i in y:\r    z = i\r'))).toEqual(plain);
  });

  it('nodes inside f-string fields have their real positions', () => {
    const f = firstExpr("print(f'a{x + 1:>4}b')");
    if (f.kind !== 'Call' || f.args[0].kind !== 'FString') throw new Error('unexpected tree');
    const field = f.args[0].parts[1];
    if (typeof field === 'string') throw new Error('unexpected tree');
    expect(field).toMatchObject({ line: 1, col: 10, endLine: 1, endCol: 20 });
    expect(field.value).toMatchObject({ kind: 'BinOp', line: 1, col: 11, endLine: 1, endCol: 16 });
  });

  it('integers keep their exact value beyond 2**53', () => {
    expect(firstExpr('0x_FFFF_FFFF_FFFF_FFFF_F')).toMatchObject({ kind: 'Int', digits: '295147905179352825855' });
  });

  it('break and continue are fine inside a for loop, also under with', () => {
    expect(() => parse('for i in x:\n    with a:\n        break\n    continue')).not.toThrow();
    expect(thrown('with a:\n    continue')).toMatchObject({ msg: "'continue' not properly in loop", line: 2, col: 5 });
  });
});

describe('printAst', () => {
  it('writes canonical source', () => {
    const src = "import torch.nn.functional as F\nx=( 1 ,2 )\nfor i,v in  enumerate( x ) :\n  y [ 0 ]+= - v**2 ; print ( f'{i!r:>3} {v}' , sep = '' )";
    expect(printAst(parse(src))).toBe(
      [
        'import torch.nn.functional as F',
        'x = (1, 2)',
        'for (i, v) in enumerate(x):',
        '    y[0] += -v ** 2',
        "    print(f'{i!r:>3} {v}', sep='')",
        '',
      ].join('\n'),
    );
  });

  it('adds only the parentheses precedence needs', () => {
    const cases: Array<[string, string]> = [
      ['(-x) ** 2', '(-x) ** 2'],
      ['-(x ** 2)', '-x ** 2'],
      ['(a + b) * c', '(a + b) * c'],
      ['a + (b * c)', 'a + b * c'],
      ['a - (b - c)', 'a - (b - c)'],
      ['(a ** b) ** c', '(a ** b) ** c'],
      ['(a < b) < c', '(a < b) < c'],
      ['(a or b) and c', '(a or b) and c'],
      ['(1).real', '(1).real'],
      ['x[1:2, ..., None]', 'x[1:2, ..., None]'],
      ['x[(1, 2)]', 'x[(1, 2)]'],
      ['x[1,]', 'x[1,]'],
      ['(a if b else c) if d else e', '(a if b else c) if d else e'],
      ["'it\\'s' + \"q\\\"\"", '"it\'s" + \'q"\''],
    ];
    for (const [src, want] of cases) expect(printExpr(firstExpr(src))).toBe(want);
  });

  it('stripPositions removes exactly the four position fields', () => {
    const tree = parse('x = a.b');
    expect(stripPositions(tree)).toEqual({
      kind: 'Module',
      body: [
        {
          kind: 'Assign',
          targets: [{ kind: 'Name', id: 'x' }],
          value: { kind: 'Attribute', value: { kind: 'Name', id: 'a' }, attr: 'b' },
        },
      ],
    });
  });
});
