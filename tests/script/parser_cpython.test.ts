/**
 * The parser against CPython 3.11 itself: trees (with positions) from
 * Python's `ast` module, and the type, message, line and column of syntax
 * errors. Fixtures come from tests/oracle/gen_script_ast.py and
 * tests/oracle/gen_syntax_errors.py.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../core/script/parser';
import { ScriptNotSupportedError, ScriptSyntaxError } from '../../core/script/syntax_error';
import { astCases, errorCases, type ErrorCase } from './fixtures';

/** `mine` restricted to the keys `ref` has (positions are absent where CPython has none). */
function project(mine: unknown, ref: unknown): unknown {
  if (Array.isArray(ref) && Array.isArray(mine)) return mine.map((m, i) => project(m, ref[i]));
  if (ref !== null && typeof ref === 'object' && mine !== null && typeof mine === 'object' && !Array.isArray(mine)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(ref)) out[k] = project((mine as Record<string, unknown>)[k], (ref as Record<string, unknown>)[k]);
    return out;
  }
  return mine;
}

describe('trees match CPython ast.parse', () => {
  for (const { src, ast } of astCases) {
    it(JSON.stringify(src), () => {
      const tree = parse(src);
      expect(project(tree, ast)).toEqual(ast);
    });
  }
});

/**
 * Where we knowingly differ from CPython, and why. Each entry is checked to
 * still differ, so the list cannot go stale.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // CPython reports f-string expression errors at a position inside a
  // synthetic "(x y)" string; we point into the real source.
  "x = f'{x y}'": 'f-string expression errors point at the real source position',
  // Unsupported constructs that CPython rejects only at compile time.
  'x = (y := 1)': 'walrus is unsupported',
  "x = '\\N{DASH}'": '\\N{...} escapes are unsupported (no Unicode name table)',
  // Valid Python (inside a function) but outside the subset: we name the construct instead.
  'x = yield': "'yield' is unsupported",
  'x = await y': "'await' is unsupported",
  'nonlocal x': "'nonlocal' is unsupported",
  'x = f(a for a in b, c)': 'generator expressions are unsupported',
  // `**kwargs` is refused where it starts, before CPython's complaint about what follows it.
  'def f(x, *a, **k, y): pass': '**kwargs parameters are unsupported',
  'f(**a, *b)': '**kwargs in calls is unsupported',
};

const cases: ErrorCase[] = errorCases;

function outcome(src: string): Record<string, unknown> {
  try {
    parse(src);
    return { ok: true };
  } catch (e) {
    if (e instanceof ScriptNotSupportedError) return { unsupported: e.construct };
    if (e instanceof ScriptSyntaxError) {
      return { type: e.pythonType, msg: e.msg, line: e.line, col: e.col };
    }
    throw e;
  }
}

describe('syntax errors match CPython (type, message, line, column)', () => {
  for (const c of cases) {
    it(JSON.stringify(c.src), () => {
      const got = outcome(c.src);
      if (c.ok) {
        // Valid Python: parsed, or refused as outside the subset, never a SyntaxError.
        expect(got.type).toBeUndefined();
        return;
      }
      // We drop CPython's "(detected at line N)": our message ends with the position.
      const want = { type: c.type, msg: c.msg!.replace(/ \(detected at line \d+\)$/, ''), line: c.line, col: c.col };
      if (c.src in KNOWN_DIFFERENCES) {
        expect(got).not.toEqual(want);
        // Where we differ, it is by refusing the construct or by a SyntaxError of our own.
        expect(got.unsupported ?? got.type).toBeDefined();
        return;
      }
      expect(got).toEqual(want);
    });
  }
});
