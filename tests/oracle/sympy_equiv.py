"""Checks that Autograd Lab's derivative formulas equal sympy's.

Reads JSON from stdin: [{"id": ..., "ours": "2*x", "theirs": "2*x", "symbols": ["x"]}, ...]
and prints [{"id": ..., "equivalent": bool, "difference": "<simplified ours - theirs>"}].

Our formulas are Python-ish text; the functions PyTorch has and sympy spells
differently are defined here from their mathematical definitions.
"""

import json
import sys

import sympy

U = sympy.Symbol("u")
FUNCTIONS = {
    "sigmoid": sympy.Lambda(U, 1 / (1 + sympy.exp(-U))),
    "logsigmoid": sympy.Lambda(U, -sympy.log(1 + sympy.exp(-U))),
    "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "sin": sympy.sin, "cos": sympy.cos,
    "tanh": sympy.tanh, "abs": sympy.Abs, "sign": sympy.sign,
}


def parse(text, symbols):
    names = dict(FUNCTIONS)
    for s in symbols:
        names[s] = sympy.Symbol(s, real=True)
    return sympy.sympify(text, locals=names)


def simplify_difference(ours, theirs):
    """sympy's simplified ours - theirs (0 when they are the same function)."""
    diff = sympy.simplify(ours - theirs)
    if diff != 0:
        # simplify() is a heuristic: rewrite hyperbolic and exponential forms before giving up.
        diff = sympy.simplify(diff.rewrite(sympy.exp))
    return diff


def equivalent(ours, theirs, symbols):
    diff = simplify_difference(parse(ours, symbols), parse(theirs, symbols))
    return diff == 0, str(diff)


def main():
    items = json.load(sys.stdin)
    out = []
    for item in items:
        ok, diff = equivalent(item["ours"], item["theirs"], item["symbols"])
        out.append({"id": item["id"], "equivalent": bool(ok), "difference": diff})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
