"""CPython 3.11's verdict on a list of script snippets, for the script parser's tests.

    /usr/bin/python3 tests/oracle/gen_syntax_errors.py

Writes tests/script/fixtures/syntax_errors.json: for each snippet either
{"src", "ok": true} (CPython compiles it) or {"src", "type", "msg", "line", "col"}
with the exception type (SyntaxError, IndentationError, TabError), its message
and its 1-based line and column (SyntaxError.offset). Nothing is run, only compiled.
"""

import json
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "script", "fixtures", "syntax_errors.json")

DEEP_201 = "x = " + "(" * 201 + "1" + ")" * 201
DEEP_200 = "x = " + "(" * 199 + "1" + ")" * 199

SNIPPETS = [
    # brackets
    "x = (1 2", "foo(a b", "x = (", "x = (1,\ny = 2", "x = )", "x = [1, 2)", "x = [1,\n2)", "x = [1, 2",
    "x = (\n", "x = )\n(", "x = ]", "x = }", "from x import (a, b", "x = 1 2\ny = )", "x = 1 2\ny = (",
    "x = (1 2\ny = ]", "x = [(1 2", DEEP_201, DEEP_200,
    # indentation
    "  x = 1", "for i in x:\npass", "for i in x:\n    a\n  b", "for i in x:\n    a\n  bcd", "for i in x:\n    a\n  bcd = 1",
    "for i in x:\n    a\n b\n", "x = 1\n  y = 2", "for x in y:\n    pass\n      z", "\tx\n        y",
    "for i in x:\n\tpass\n        pass", "x = 1\n\n\n  \n  y", "x = 1\n\tif", "x = (1,\n  2)\n  y",
    "for i in x: pass\n    y", "x = 1\n\x0c  y", "for i in x:", "for i in x:\n", "for i in x:\n# c\n",
    "with x:\npass", "for i in x:\n    for j in y:\n    pass", "\n\n\n   ", "#c\n  #d\nx", "for i in x:\n\n    # c\n    pass\n",
    "for i in x:\n    pass\n  # bad comment\n", "x = 1 2\nfor i in x:\n\ty\n        z", "\x0cx = 1", "if x:\n  \\\n    y",
    # strings
    "x = 'abc", 'x = """abc\n\n', "x = f'abc", "x = rb'abc", "x = 'abc\ny'", "x = 1 2\ny = 'abc", "x = '\\x1'",
    "x = '\\u12'", "x = '\\U0011ffff'", "x = '\\q'", "x = '\\777'", "x = 'a\\\n'", "x = 'a\\\nb'",
    "x = '\u00e9' 1", "x = '\U0001d518' 1", "x = 'a' 'b' 1", "x = '''a\nb''' +", "x = u'a' 1",
    # f-strings
    "x = f'{}'", "x = f'{x'", "x = f'}'", "x = f'{x!z}'", "x = f'{\\n}'", "x = f'{a#}'", "x = f'''\n{}'''",
    "x = f'{x=}'", "x = f'{x = !r:>10}'", "x = f'{{}}'", "x = f'{x!r}'", "x = f'{x!}'", "x = f'{x:'", "x = f'{ }'",
    "x = f'{x}}'", "x = f'{(x)!r}'", "x = f'{a!r=}'", "x = f'{a=!r}'", "x = f'\\{x}'", "x = f'{\"a\"}'",
    "x = f'{x:\\n}'", "x = f'''{\nx\n}'''", "x = f'{x)}'", "x = f'{(x}'", "x = f'{x!r:}'", "x = f'{x:>{w}}'",
    # numbers
    "x = 012", "x = 1abc", "x = 0x", "x = 1_", "x = 0o8", "x = 1__0", "x = 0b102", "x = 0b", "x = 1e+", "x = 0xg",
    "x = 1.e", "x = 1e", "x=1.__class__", "x = 1if 1 else 2", "x = 1in y", "x = 0_0", "x = 00", "x = 09.5",
    "x = 0e0", "x = 1E5", "x = 1_0.0_1e1_0", "x = 1.5.real", "x = 1..real", "x = 0o", "x = 0o1_", "x = 1e5j",
    "x = 1 2.5", "x = .5.5", "x = 1.5e", "x = 5or 6", "x = 0x1for",
    # characters
    "x = \u20ac", "x = \u00a0", "x = $", "x = ?", "x = !", "x = `", "x = \x01", "x = \x0b1", "x\u20ac = 1",
    "\u00e9 = 1", "x = \u210c", "\U0001d518 = 1",
    # continuation
    "a \\ b", "x = 1 \\", "\\\n", "x = 1\na \\ b", "x = 1 +\\\n", "x = a\\\n  .b",
    # statements and expressions
    "x = 1 +", "x = 1 + # c\n", "x = 1 +   \n", "print 1", "print 'x'", "print(1) print(2)", "x = 1 2", "x.1 = 2",
    "x = a.", "import", "from x import", "import a.b as", "with x as y z: pass", "x = a if b", "x = a if b else",
    "x = not", "x += ", "x = 5 if", "x = a[1:2:3:4]", "x = a[]", "x=1;;", ";", "x = 1;", "for i in x: pass; pass",
    "x = a not b", "x = a is not not b", "f(x=)", "f(,)", "f(1,,2)", "x[1,,2]", "x = (1,,)", "x = (,)", "x = ()",
    "in = 1", "x = 2**", "x = -", "x = @a", "x = a @", "import a as b.c", "from a import b,", "from a import (b)",
    "from a.b import (c as d, e,)", "import a.b.c", "with x", "for x in y", "for x in y\n  pass", "for x in y z: pass",
    "for x y in z: pass", "x = (a b)", "x = [1, 2 3]", "f(a, b c)", "x = (a + b c)", "x = (print 'x')",
    "x = (1 if 2)", "x = 1 if 2 else", "x = 1 or", "x = a.if", "x = a.True", "import a.if", "from a import if",
    "import x as if", "a = 1 ;; b", "f(a=1, b)", "f(a=1, a=2)", "f(x)=1", "f(1)(2) += 1", "x.y += 1",
    "x[0] += 1", "-x += 1", "(x) += 1", "((x)) = 1", "for x, in y: pass", "for (x, y) in z: pass",
    "for x.y in z: pass", "for x() in z: pass", "with a as b.c: pass", "with a as (b, c): pass",
    "with a as b, c as d: pass", "with (a, b): pass", "x = a[1:2, ::3, ..., None]", "a = 1 if b else 2 if c else 3",
    "x = a < b < c", "x = not a == b", "x = a or b and c", "break", "continue", "for x in y:\n    break",
    "x = f(a)(b)[c].d", "x = -2**-1", "x = a if b else c if d else e",
    # assignment targets
    "1 = x", "f() = 1", "a + b = 1", "(a, 1) = x", "True = 1", "None = 1", "a < b = 1", "for 1 in x: pass",
    "with a as 1: pass", "f() += 1", "a, b += 1", "(a, b) += 1", "[a, b] = 1, 2", "a = b = c", "x = a.b.c = 3",
    "'a' 'b' = 1", "x()()=1", "a if b else c = 1", "x = 1 = 2", "1 = x = 2", "f'{x}' = 1", "... = 1",
    "[a, f()] = 1", "a, b() = 1", "not a = 1", "a and b = 1", "x = 1 if 2 else 3 = 4", "-a = 1",
    # valid Python outside the subset
    "x = 1j", "x = b'a'", "x = {1: 2}", "x = {}", "x = {1}", "x = [i for i in y]", "x = (i for i in y)",
    "def f(): pass", "class A: pass", "if x: pass", "while x: pass", "try:\n    pass\nexcept: pass",
    "x = lambda: 1", "a, *b = c", "del x", "assert x", "raise x", "global x", "x: int = 1", "@dec\ndef f(): pass",
    "async def f(): pass", "from . import x", "from x import *", "for x in range(3):\n    pass\nelse:\n    pass",
    "f(*a)", "f(**k)", "x = (y := 1)", "x = a[*b]", "x = '\\N{DASH}'", "match x:\n    case 1: pass",
    # functions and control flow
    "def f(x=1, y): pass", "def f(a, x=1, y, z=2): pass", "def f(x, x): pass", "def f(a, a=1): pass", "def f(*): pass",
    "def f(*, a, *b): pass", "def f(*,): pass", "def f(*a=1): pass", "def f(x, *a, **k, y): pass", "def f(a, *, b, c=1, d): pass",
    "def f:\n  pass", "def f()\n  pass", "def f(x y): pass", "def f(x,, y): pass", "def (x): pass", "def f(1): pass",
    "lambda x=1, y: 0", "lambda x, x: 0", "x = lambda: 1 +", "x = lambda x: (yield)", "x = (lambda *a, b=1: a)",
    "if True:\n  return 3", "def f():\n  return\nreturn", "def f():\n  break", "while x:\n  def f():\n    continue",
    "x=1\ndef f():\n  print(x)\n  global x\n", "def f(x):\n  global x\n", "def f():\n  x = 1\n  global x\n",
    "global x\nx = 1\nglobal x", "def f():\n  for x in y: pass\n  global x", "def f():\n  def g():\n    x = 1\n    global x",
    "break\ndef f(x):\n  global x", "def f(x, x):\n  return\nreturn", "f(a=1, a=2)\ndef g(b, b): pass",
    "if x:\n  pass\nelif y\n  pass", "else:\n  pass", "elif x:\n  pass", "if x:\npass", "if x:\n  pass\nelif y:\npass",
    "if x:\n  pass\nelse:\npass", "while x:\npass", "while x:\n  pass\nelse:\npass", "def f():\npass",
    "for i in x:\n  pass\nelse:\npass", "if x = 1: pass", "while x = 1: pass", "if x:\n  pass\n else:\n  pass",
    "if x\n  pass", "while x\n  pass", "if x: pass\nelse pass", "if x: pass\nelse: pass\nelse: pass",
    "if x.y = 1: pass", "if f() = 1: pass", "if x + 1 = 2: pass", "while (a) = 1: pass", "if [a] = 1: pass", "if x == 1 = 2: pass",
    "if x = y = 1: pass", "def f() pass", "for x in y pass", "with a pass", "while x pass", "if x pass", "else pass",
    "f(**a, *b)", "f(a=1, b)", "f(*a, *b)", "f(*a, b)", "f(a=1, *b)", "f(*)", "f(* a)",
    "def f(a, b=1, *c, d, e=2):\n    return a\nx = f(*c)", "if a:\n    b\nelif c:\n    d\nelse:\n    e",
    "while a:\n    if b: break\n    continue\nelse:\n    c", "def f():\n    global a, b\n    a = 1",
    "def f():\n    def g():\n        return x\n    return g", "x = lambda: (lambda y: y)", "for i in x:\n    def f(): return i",
    # rejected by CPython at module level, refused by us as outside the subset
    "x = yield", "return 1", "x = await y", "nonlocal x", "x = f(a for a in b, c)",
]


def verdict(src):
    try:
        warnings.simplefilter("ignore")  # e.g. "invalid decimal literal" for `1if`
        compile(src, "<script>", "exec")
        return {"src": src, "ok": True}
    except SyntaxError as e:
        return {"src": src, "type": type(e).__name__, "msg": e.msg, "line": e.lineno, "col": e.offset}


def main():
    assert sys.version_info[:2] == (3, 11), "the fixtures describe CPython 3.11"
    cases = [verdict(s) for s in SNIPPETS]
    doc = {
        "generator": "tests/oracle/gen_syntax_errors.py",
        "python_version": sys.version.split()[0],
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
