"""CPython 3.11's syntax tree for valid snippets, in the shape of core/script/ast.ts.

    /usr/bin/python3 tests/oracle/gen_script_ast.py

Writes tests/script/fixtures/ast_corpus.json: [{"src", "ast"}] for the snippets
below and for the random programs in tests/script/fixtures/random_programs.json
(regenerate those with `npx tsx tests/script/gen_random_programs.ts`), where "ast" is
the Module that Python's `ast.parse` builds, translated node by node into the
Autograd Lab AST (see core/script/ast.ts). Positions are converted from
CPython's 0-based UTF-8 byte offsets to 1-based code-point columns; nodes
Python gives no position (Module, withitem) have none, and neither do nodes
inside f-strings (CPython 3.11 computes those approximately).

The translation only renames; the one judgement call is IndexTuple: Python
has a single Tuple for `a[1, 2]` and `a[(1, 2)]`, and the source text tells
them apart (a parenthesised tuple is one bracket pair: its `(` closes at its end).
"""

import ast
import io
import json
import os
import sys
import tokenize

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "script", "fixtures", "ast_corpus.json")
# Seeded random programs printed by our printer (tests/script/gen_random_programs.ts).
RANDOM = os.path.join(HERE, "..", "script", "fixtures", "random_programs.json")

SNIPPETS = [
    # precedence
    "-x**2", "2**3**2", "a @ b + c", "not a == b", "a + b * c - d / e // f % g", "(a + b) * c", "-(a + b)",
    "2**-1", "-2**-1", "a**-b**c", "~a + -b", "+a", "- - a", "not not a", "a or b and c or d", "a and b or c and d",
    "(a or b) and c", "a | b ^ c & d << e >> f", "(a | b) ^ c", "a < b <= c > d >= e == f != g",
    "a is b", "a is not b", "a in b", "a not in b", "not a in b", "a if b else c", "a if b else c if d else e",
    "(a if b else c) if d else e", "x = a if b or c else d and e", "a @ b @ c", "a - (b - c)", "(a - b) - c",
    "a ** (b ** c)", "(a ** b) ** c", "(-a) ** b", "a * -b", "x[0] ** 2", "f(x) ** 2", "x.y ** -z.w",
    "a < (b < c)", "(a < b) < c", "a == (b if c else d)", "not (a and b)", "(not a) == b", "-a.b.c", "-a[0](1)",
    # atoms
    "x = 1", "x = 1_000_000", "x = 0x1F", "x = 0o17", "x = 0b1010", "x = 0", "x = 00", "x = 12345678901234567890",
    "x = 1.", "x = .5", "x = 1e-3", "x = 1E5", "x = 1.5e+10", "x = 0.1", "x = 1_0.0_1e1_0", "x = 09.5",
    "x = True", "x = False", "x = None", "x = ...", "x = 'a'", 'x = "b"', "x = 'it''s'", "x = 'a' 'b' \"c\"",
    "x = '\\n\\t\\\\\\'\\x41\\u00e9\\U0001F600\\101\\0'", "x = r'\\n\\d'", "x = '''tri\nple'''", 'x = """a\n"b"\n"""',
    "x = 'a\\\nb'", "x = '\\q'", "x = u'x'", "x = 'caf\u00e9 \U0001F600'",
    "x = []", "x = [1]", "x = [1, 2,]", "x = [[1, 2], [3, 4]]", "x = ()", "x = (1,)", "x = (1, 2)", "x = 1,",
    "x = 1, 2", "x = (1)", "x = ((1, 2), (3,))", "x = [(1, 2)]",
    # f-strings
    "f'{x}'", "f'a{x}b{y}c'", "f'{x:.4f}'", "f'{x!r}'", "f'{x!s:>10}'", "f'{x=}'", "f'{x = }'", "f'{x=:.2f}'",
    "f'{x=!s}'", "f'{{}}'", "f'{{{x}}}'", "f'\\n{x}\\t'", "rf'\\n{x}'", "f''", "'a' f'{x}' 'b'", "f'{a}' f'{b}'",
    "f'{a + b * c}'", "f'{x[0]:,}'", "f'{f(a, b=1)}'", "f'{\"s\"}'", "f\"{'s'}\"", "f'{(a, b)}'", "f'{a, b}'",
    "f'{a if b else c}'", "f'{x!r:^10}'", "f'{x:>4}'",
    "f'{a != b}'", "f'{a <= b}'", "f'{x:\\n}'",
    # primaries
    "x.y", "x.y.z", "f()", "f(1)", "f(1, 2,)", "f(a, b=1, c=2)", "f(b=1)", "f(x)(y)", "f(x).y[0]",
    "a[0]", "a[-1]", "a[1:3]", "a[:]", "a[::2]", "a[1:]", "a[:2]", "a[1:2:3]", "a[::]", "a[:, 0]", "a[..., 0]",
    "a[None]", "a[1, 2]", "a[1,]", "a[(1, 2)]", "a[i][j]", "a[x.y, f(z)]", "a[1:2, ::3, ..., None]",
    "torch.nn.functional.relu(x)", "x.T", "(1).real", "1.5.real", "'a'.upper()",
    # statements
    "import torch", "import math", "import torch.nn.functional as F", "import torch.nn as nn",
    "import torch, math", "from torch import a, b as c", "from torch.nn import functional as F",
    "from torch import (a,\n    b)", "from torch import (a, b,)",
    "a = b = 1", "a, b = 1, 2", "(a, b) = c", "[a, b] = c", "a, = c", "(a, (b, c)) = d", "x.requires_grad = False",
    "w.grad = None", "x[0] = 1.", "x[0, 1] = 2", "x.y.z = 3", "a = b = c = d",
    "x += 1", "x -= 1", "x *= 2", "x /= 2", "x //= 2", "x %= 2", "x @= w", "x **= 2", "x.y += 1", "x[0] -= 1",
    "x <<= 1", "x >>= 1", "x &= 1", "x |= 1", "x ^= 1",
    "print(x)", "pass", "x = 1; y = 2", "x = 1;", "a; b; c",
    "for i in range(3):\n    print(i)", "for i, v in enumerate(x):\n    pass", "for (i, v) in z:\n    pass",
    "for x in 1, 2:\n    pass", "for x, in y: pass", "for x in y: a; b", "for x.y in z: pass", "for x[0] in z: pass",
    "for i in range(3):\n    for j in range(2):\n        print(i, j)\n    print(i)\nprint('done')",
    "for i in x:\n    if_ = 1\n    break\n    continue",
    "with torch.no_grad():\n    y = x * 2", "with torch.no_grad(): y = x * 2", "with a as b:\n    pass",
    "with a as b, c as d:\n    pass", "with a, b:\n    pass", "with a as (b, c):\n    pass", "with a as b.c:\n    pass",
    "with torch.set_grad_enabled(False):\n    with torch.enable_grad():\n        z = x ** 2",
    "with (a, b): pass", "with (a as b, c): pass", "with (a): pass", "with (a) as b: pass", "with (a, b) as c: pass",
    "with (a, b,): pass", "with (a,): pass", "with (\n  a as b,\n  c as d,\n):\n  pass", "with (a)(b): pass",
    "with (a) + b as c: pass", "with ((a, b)): pass", "with ((),): pass",
    # layout
    "x = (1 +\n     2)", "x = [\n  1,\n  2,\n]", "x = 1 + \\\n    2", "\n\n# comment\nx = 1  # trailing\n\n",
    "for i in x:\n\ty = 1\n\tz = 2", "for i in x:\n  # comment\n\n  y = 1\n", "x = 1\r\ny = 2\r\n",
    "caf\u00e9 = 1", "\u210c = 1", "x = f(a,\n      b=2)",
    # soft keywords are names
    "match = 1", "case = match", "_ = 1", "type = 2",
    # control flow and functions
    "if a:\n    b", "if a: b\nelse: c", "if a:\n    b\nelif c:\n    d\nelif e:\n    f\nelse:\n    g",
    "if a:\n    if b:\n        c\n    else:\n        d\ne", "if b: pass",
    "while a:\n    b\n    break", "while a: b; continue", "while a:\n    b\nelse:\n    c",
    "for i in x:\n    pass\nelse:\n    y = 1", "for i in x:\n    if i:\n        break\nelse:\n    z",
    "def f():\n    pass", "def f(x):\n    return x", "def f(a, b=1, *c, d, e=2):\n    return", "def f(*, k):\n    return k, k",
    "def f(a=1, b=(2, 3)): pass", "def f(*args): return args", "def f(x,): pass", "def f(\n    a,\n    b=2,\n):\n    global g, h\n    g = a",
    "def outer():\n    def inner(v):\n        return v + 1\n    return inner", "def f():\n    for i in x:\n        return i\n    return",
    "f = lambda: 0", "f = lambda x: x * 2", "f = lambda x, y=1, *z, w: x", "f = lambda *a: a", "g = lambda: lambda y: y",
    "x = (lambda: 1)()", "x = a if b else lambda: c", "f(*a)", "f(*a, *b)", "f(a, *b, c)", "f(*a, k=1)", "f(k=1, *a)",
    "torch.randn(*x.shape)", "print(*items, sep='')", "f(*a + b)", "f(*a if b else c)",
]


def is_one_bracket_pair(text):
    """Whether text is `( ... )` with the first parenthesis closing at the very end."""
    if not text.startswith("("):
        return False
    # Wrapped in parentheses so that line breaks inside are not NEWLINE tokens.
    toks = [t for t in tokenize.generate_tokens(io.StringIO("(" + text + ")").readline)
            if t.type not in (tokenize.NL, tokenize.COMMENT, tokenize.NEWLINE, tokenize.ENDMARKER)][1:-1]
    depth = 0
    for i, t in enumerate(toks):
        if t.type == tokenize.OP and t.string in "([{":
            depth += 1
        elif t.type == tokenize.OP and t.string in ")]}":
            depth -= 1
            if depth == 0:
                return i == len(toks) - 1
    return False


def char_col(lines, lineno, byte_offset):
    return len(lines[lineno - 1].encode("utf-8")[:byte_offset].decode("utf-8")) + 1


class Converter:
    def __init__(self, src):
        self.src = src
        self.lines = src.replace("\ufeff", "", 1).replace("\r\n", "\n").split("\n")
        self.in_fstring = 0

    def pos(self, node, out):
        if self.in_fstring or not hasattr(node, "lineno"):
            return out
        out["line"] = node.lineno
        out["col"] = char_col(self.lines, node.lineno, node.col_offset)
        out["endLine"] = node.end_lineno
        out["endCol"] = char_col(self.lines, node.end_lineno, node.end_col_offset)
        return out

    def segment(self, node):
        return ast.get_source_segment(self.src.replace("\ufeff", "", 1).replace("\r\n", "\n"), node)

    def stmts(self, body):
        return [self.stmt(s) for s in body]

    def stmt(self, s):
        n = type(s).__name__
        if n == "Import":
            out = {"kind": "Import", "names": [self.alias(a) for a in s.names]}
        elif n == "ImportFrom":
            assert s.level == 0
            out = {"kind": "ImportFrom", "module": s.module, "names": [self.alias(a) for a in s.names]}
        elif n == "Assign":
            out = {"kind": "Assign", "targets": [self.expr(t) for t in s.targets], "value": self.expr(s.value)}
        elif n == "AugAssign":
            out = {"kind": "AugAssign", "target": self.expr(s.target), "op": BINOPS[type(s.op).__name__],
                   "value": self.expr(s.value)}
        elif n == "Expr":
            out = {"kind": "ExprStmt", "value": self.expr(s.value)}
        elif n == "For":
            out = {"kind": "For", "target": self.expr(s.target), "iter": self.expr(s.iter), "body": self.stmts(s.body),
                   "orelse": self.stmts(s.orelse)}
        elif n in ("While", "If"):
            out = {"kind": n, "test": self.expr(s.test), "body": self.stmts(s.body), "orelse": self.stmts(s.orelse)}
        elif n == "FunctionDef":
            assert not s.decorator_list and s.returns is None
            out = {"kind": "FunctionDef", "name": s.name, "args": self.arguments(s.args), "body": self.stmts(s.body)}
        elif n == "Return":
            out = {"kind": "Return", "value": None if s.value is None else self.expr(s.value)}
        elif n == "Global":
            out = {"kind": "Global", "names": list(s.names)}
        elif n == "With":
            items = [{"kind": "WithItem", "context": self.expr(i.context_expr),
                      "target": self.expr(i.optional_vars) if i.optional_vars else None} for i in s.items]
            out = {"kind": "With", "items": items, "body": self.stmts(s.body)}
        elif n in ("Pass", "Break", "Continue"):
            out = {"kind": n}
        else:
            raise ValueError(f"statement outside the subset: {n}")
        return self.pos(s, out)

    def arguments(self, a):
        """Python's `arguments` has no position, and neither has ours in the fixture."""
        assert not a.posonlyargs and a.kwarg is None
        arg = lambda x: self.pos(x, {"kind": "Arg", "arg": x.arg})  # noqa: E731
        return {"kind": "Arguments", "args": [arg(x) for x in a.args],
                "vararg": None if a.vararg is None else arg(a.vararg),
                "kwonlyargs": [arg(x) for x in a.kwonlyargs],
                "kwDefaults": [None if d is None else self.expr(d) for d in a.kw_defaults],
                "defaults": [self.expr(d) for d in a.defaults]}

    def alias(self, a):
        return self.pos(a, {"kind": "Alias", "name": a.name, "asname": a.asname})

    def expr(self, e, subscript=False):
        n = type(e).__name__
        if n == "Name":
            out = {"kind": "Name", "id": e.id}
        elif n == "Constant":
            v = e.value
            if v is None:
                out = {"kind": "None"}
            elif v is Ellipsis:
                out = {"kind": "Ellipsis"}
            elif isinstance(v, bool):
                out = {"kind": "Bool", "value": v}
            elif isinstance(v, int):
                out = {"kind": "Int", "value": float(v) if abs(v) > 2**53 else v, "digits": str(v)}
            elif isinstance(v, float):
                out = {"kind": "Float", "value": v}
            elif isinstance(v, str):
                out = {"kind": "Str", "value": v}
            else:
                raise ValueError(f"constant outside the subset: {v!r}")
        elif n == "JoinedStr":
            self.in_fstring += 1
            parts = [p.value if type(p).__name__ == "Constant" else self.expr(p) for p in e.values]
            self.in_fstring -= 1
            out = {"kind": "FString", "parts": parts}
        elif n == "FormattedValue":
            spec = None
            if e.format_spec is not None:
                spec = "".join(p.value for p in e.format_spec.values)
            out = {"kind": "FormattedValue", "value": self.expr(e.value),
                   "conversion": None if e.conversion == -1 else chr(e.conversion), "formatSpec": spec}
        elif n == "List":
            out = {"kind": "List", "elts": [self.expr(x) for x in e.elts]}
        elif n == "Tuple":
            parenthesised = is_one_bracket_pair(self.segment(e) or "")
            if subscript and not parenthesised:
                out = {"kind": "IndexTuple", "elts": [self.expr(x, subscript=True) for x in e.elts]}
            else:
                out = {"kind": "Tuple", "elts": [self.expr(x) for x in e.elts]}
        elif n == "Attribute":
            out = {"kind": "Attribute", "value": self.expr(e.value), "attr": e.attr}
        elif n == "Subscript":
            out = {"kind": "Subscript", "value": self.expr(e.value), "index": self.expr(e.slice, subscript=True)}
        elif n == "Slice":
            assert subscript
            opt = lambda x: None if x is None else self.expr(x)  # noqa: E731
            out = {"kind": "Slice", "lower": opt(e.lower), "upper": opt(e.upper), "step": opt(e.step)}
        elif n == "Call":
            out = {"kind": "Call", "func": self.expr(e.func), "args": [self.expr(a) for a in e.args],
                   "keywords": [self.pos(k, {"kind": "Keyword", "name": k.arg, "value": self.expr(k.value)})
                                for k in e.keywords]}
        elif n == "UnaryOp":
            out = {"kind": "UnaryOp", "op": UNARYOPS[type(e.op).__name__], "operand": self.expr(e.operand)}
        elif n == "BinOp":
            out = {"kind": "BinOp", "op": BINOPS[type(e.op).__name__], "left": self.expr(e.left),
                   "right": self.expr(e.right)}
        elif n == "BoolOp":
            out = {"kind": "BoolOp", "op": "and" if type(e.op).__name__ == "And" else "or",
                   "values": [self.expr(v) for v in e.values]}
        elif n == "Compare":
            out = {"kind": "Compare", "left": self.expr(e.left), "ops": [CMPOPS[type(o).__name__] for o in e.ops],
                   "comparators": [self.expr(c) for c in e.comparators]}
        elif n == "IfExp":
            out = {"kind": "IfExp", "test": self.expr(e.test), "body": self.expr(e.body), "orelse": self.expr(e.orelse)}
        elif n == "Lambda":
            out = {"kind": "Lambda", "args": self.arguments(e.args), "body": self.expr(e.body)}
        elif n == "Starred":
            out = {"kind": "Starred", "value": self.expr(e.value)}
        else:
            raise ValueError(f"expression outside the subset: {n}")
        return self.pos(e, out)


BINOPS = {"Add": "+", "Sub": "-", "Mult": "*", "Div": "/", "FloorDiv": "//", "Mod": "%", "MatMult": "@", "Pow": "**",
          "LShift": "<<", "RShift": ">>", "BitAnd": "&", "BitOr": "|", "BitXor": "^"}
UNARYOPS = {"USub": "-", "UAdd": "+", "Invert": "~", "Not": "not"}
CMPOPS = {"Eq": "==", "NotEq": "!=", "Lt": "<", "LtE": "<=", "Gt": ">", "GtE": ">=", "Is": "is", "IsNot": "is not",
          "In": "in", "NotIn": "not in"}


def main():
    assert sys.version_info[:2] == (3, 11), "the fixtures describe CPython 3.11"
    cases = []
    with open(RANDOM, encoding="utf-8") as f:
        random_programs = json.load(f)
    for src in SNIPPETS + random_programs:
        tree = ast.parse(src)
        conv = Converter(src)
        cases.append({"src": src, "ast": {"kind": "Module", "body": conv.stmts(tree.body)}})
    doc = {"generator": "tests/oracle/gen_script_ast.py", "python_version": sys.version.split()[0], "cases": cases}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=None, ensure_ascii=True)  # strings may hold lone surrogates
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
