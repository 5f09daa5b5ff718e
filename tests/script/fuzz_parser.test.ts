/**
 * Properties of the front end on arbitrary input:
 * 1. any string parses or throws ScriptSyntaxError / ScriptNotSupportedError,
 *    nothing else (no TypeError, no RangeError from deep recursion);
 * 2. pathological nesting (100,000 levels) is a SyntaxError;
 * 3. printAst round-trips: random trees print to source that parses back to
 *    the same tree, and parse(print(parse(src))) equals parse(src).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printAst } from '../../core/script/ast_print';
import { stripPositions } from '../../core/script/ast';
import { parse } from '../../core/script/parser';
import { ScriptSyntaxError, isScriptParseError } from '../../core/script/syntax_error';
import { astCases, errorCases } from './fixtures';
import { moduleArbitrary } from './ast_arbitrary';

function parsesOrRefuses(src: string): void {
  try {
    parse(src);
  } catch (e) {
    if (!isScriptParseError(e)) throw e;
  }
}

/** Fragments that exercise the tokenizer and grammar edge cases. */
const FRAGMENTS = [
  'x', 'y1', ' ', '  ', '\t', '\n', '\r\n', '\r', '\f', '\\', '\\\n', '#c', '(', ')', '[', ']', '{', '}', ':', ',', ';',
  '=', '==', '+', '-', '*', '**', '/', '//', '%', '@', '.', '...', '<', '>=', '!', '!=', ':=', '->', '~', '|', '&',
  '^', '<<', '+=', '**=', '1', '0', '012', '1.', '.5', '1e-3', '1e', '0x', '0xAg', '0b12', '1_', '1j', '1if',
  "'", '"', "'''", '"""', "'a'", '"b\\n"', "f'", "f'{", "f'{x}'", "f'{x!r:>4}'", "f'{x=}'", "rb'", "u'", "'\\x4", "'\\N{",
  'for', 'in', 'with', 'as', 'import', 'from', 'not', 'is', 'and', 'or', 'if', 'else', 'lambda', 'def', 'class',
  'pass', 'break', 'continue', 'print', 'True', 'None', 'yield', 'await', 'match', 'é', '€', '😀', '\u00a0', '\ufeff',
  '\x00', '\x01', '$', '?', '`',
];
const tokenSoup = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''));

const validSnippets = [
  ...astCases.map((c) => c.src),
  ...errorCases.filter((c) => c.ok).map((c) => c.src),
];
/** A valid snippet with a few random edits: mostly near-valid programs. */
const mutatedSnippet = fc
  .record({
    src: fc.constantFrom(...validSnippets),
    edits: fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 3 }), ins: fc.constantFrom('', ...FRAGMENTS) }), {
      minLength: 1,
      maxLength: 3,
    }),
  })
  .map(({ src, edits }) => {
    let s = src;
    for (const e of edits) {
      const at = s.length === 0 ? 0 : e.at % (s.length + 1);
      s = s.slice(0, at) + e.ins + s.slice(at + e.del);
    }
    return s;
  });

describe('any input parses or raises a script error', () => {
  it('arbitrary Unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => parsesOrRefuses(s)), { numRuns: 2000 });
  });
  it('arbitrary grapheme strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => parsesOrRefuses(s)), { numRuns: 1000 });
  });
  it('token soup', () => {
    fc.assert(fc.property(tokenSoup, (s) => parsesOrRefuses(s)), { numRuns: 4000 });
  });
  it('valid snippets with random edits', () => {
    fc.assert(fc.property(mutatedSnippet, (s) => parsesOrRefuses(s)), { numRuns: 4000 });
  });
  it('small limits', () => {
    fc.assert(
      fc.property(tokenSoup, fc.integer({ min: 0, max: 5 }), (s, maxDepth) => {
        try {
          parse(s, { maxDepth, maxAstDepth: maxDepth, maxLength: 30 });
        } catch (e) {
          if (!isScriptParseError(e)) throw e;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('deep nesting is a SyntaxError, not a stack overflow', () => {
  const N = 100_000;
  const deep: Array<[string, string]> = [
    ['parentheses', '('.repeat(N) + '1' + ')'.repeat(N)],
    ['unclosed parentheses', '('.repeat(N)],
    ['brackets', '['.repeat(N) + ']'.repeat(N)],
    ['calls', 'f('.repeat(N) + ')'.repeat(N)],
    ['subscripts', 'x' + '[x'.repeat(N) + ']'.repeat(N)],
    ['unary minus', 'x = ' + '-'.repeat(N) + '1'],
    ['not', 'x = ' + 'not '.repeat(N) + 'a'],
    ['power chain', 'x = ' + '2**'.repeat(N) + '2'],
    ['conditional chain', 'x = ' + 'a if b else '.repeat(N) + 'c'],
    ['sum chain', 'x = ' + Array(N).fill('1').join('+')],
    ['attribute chain', 'x = a' + '.b'.repeat(N)],
    ['call chain', 'x = f' + '()'.repeat(N)],
    ['comparison chain', 'x = ' + Array(N).fill('a').join(' < ')],
    ['indentation', Array.from({ length: 150 }, (_, i) => ' '.repeat(i) + 'for x in y:').join('\n') + '\n' + ' '.repeat(150) + 'pass'],
  ];
  for (const [what, src] of deep) {
    it(what, () => {
      let error: unknown = null;
      try {
        parse(src);
      } catch (e) {
        error = e;
      }
      // A comparison chain is flat (one Compare node): it must simply parse.
      if (what === 'comparison chain') {
        expect(error).toBeNull();
        return;
      }
      expect(error).toBeInstanceOf(ScriptSyntaxError);
    });
  }

  it('100,000 nested parentheses: CPython wording and position', () => {
    expect(() => parse('('.repeat(N) + ')'.repeat(N))).toThrow('too many nested parentheses (line 1, column 201)');
  });
});

describe('printAst round-trips', () => {
  it('random trees print to source that parses back to the same tree', () => {
    fc.assert(
      fc.property(moduleArbitrary, (m) => {
        const src = printAst(m);
        expect(stripPositions(parse(src))).toEqual(stripPositions(m));
      }),
      { numRuns: 1500 },
    );
  });

  const corpusDir = join(import.meta.dirname, '..', 'corpus');
  const scripts = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.py'))
    .map((f) => [f, readFileSync(join(corpusDir, f), 'utf8')] as const)
    .filter(([, text]) => !text.startsWith('# expect: SyntaxError'));
  const corpus: Array<readonly [string, string]> = [...validSnippets.map((s) => [JSON.stringify(s), s] as const), ...scripts];

  it.each(corpus)('parse(print(parse(src))) == parse(src): %s', (_name, src) => {
    let tree;
    try {
      tree = parse(src);
    } catch (e) {
      // Valid Python outside the subset has nothing to print.
      if (isScriptParseError(e) && e.name === 'ScriptNotSupportedError') return;
      throw e;
    }
    expect(stripPositions(parse(printAst(tree)))).toEqual(stripPositions(tree));
  });
});
