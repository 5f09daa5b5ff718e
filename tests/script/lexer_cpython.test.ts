/**
 * The lexer against Python's own tokenize module (tests/oracle/gen_script_tokens.py):
 * the same NAME/NUMBER/STRING/OP tokens at the same positions, and the same
 * sequence of NEWLINE/INDENT/DEDENT.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../core/script/lexer';
import { normalizeSource } from '../../core/script/source_text';

interface TokenCase {
  src: string;
  tokens: Array<[string, string, number, number, number, number]>;
  layout: string[];
}

const cases = (
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'tokens.json'), 'utf8')) as { cases: TokenCase[] }
).cases;

describe('tokens match Python tokenize', () => {
  for (const c of cases) {
    it(JSON.stringify(c.src), () => {
      const text = normalizeSource(c.src);
      const toks = tokenize(c.src);
      const kept = toks
        .filter((t) => t.type === 'NAME' || t.type === 'NUMBER' || t.type === 'STRING' || t.type === 'OP')
        // tokenize reports identifiers as written; the lexer NFKC-normalises them, as the parser needs.
        .map((t) => [t.type, text.slice(t.start, t.end), t.line, t.col, t.endLine, t.endCol]);
      expect(kept).toEqual(c.tokens);
      const layout = toks.filter((t) => t.type === 'NEWLINE' || t.type === 'INDENT' || t.type === 'DEDENT').map((t) => t.type);
      expect(layout).toEqual(c.layout);
    });
  }
});

describe('lexer details', () => {
  it('normalises identifiers with NFKC, as Python does', () => {
    const [tok] = tokenize('\u210c = 1');
    expect(tok).toMatchObject({ type: 'NAME', value: 'H', col: 1, endCol: 2 });
  });

  it('counts columns in code points, not UTF-16 units', () => {
    const toks = tokenize("s = '😀😀' + x");
    expect(toks.find((t) => t.value === 'x')).toMatchObject({ col: 12, endCol: 13 });
  });

  it('records how many brackets are open before each token', () => {
    const levels = tokenize('f(a[1], (b))').filter((t) => t.type !== 'NEWLINE' && t.type !== 'ENDMARKER').map((t) => t.level);
    expect(levels).toEqual([0, 0, 1, 1, 2, 1, 1, 1, 2, 1, 0]);
  });

  it('lets a multi-line string end on its last line', () => {
    const [, , str] = tokenize("x = '''a\nbc''' + 1");
    expect(str).toMatchObject({ type: 'STRING', line: 1, col: 5, endLine: 2, endCol: 6 });
  });
});
