"""Per-element checks of Autograd Lab's tensor formulas (`x.T @ G`, `v.expand(3, 2)`,
`2*x[1]*tensor([0., 1., 0.])`), which sympy cannot parse as one expression.

Two independent opinions on one formula text:

- sympy, element by element: every leaf element is a symbol (`x_0, x_1, ...`), the
  case's root is built over those symbols, and sympy differentiates
  sum(gradient * root) by each symbol. Our formula is evaluated over the same
  symbols by `SymTensor`, a numpy object array with the few PyTorch methods our
  formulas use, and `simplify(ours_i - theirs_i) == 0` must hold for every element.
- real PyTorch: the formula text is run as PyTorch code on the leaf values and
  compared with `.grad`. This is what "the formula is evaluable" means.

The formula text is our own program's output, evaluated in a namespace without
builtins.
"""

import math

import numpy as np
import sympy
import torch

from sympy_equiv import FUNCTIONS, simplify_difference


def _arr(v):
    if isinstance(v, SymTensor):
        return v.a
    return np.asarray(v, dtype=object)


def _num(v):
    """Exact sympy numbers for the literals of a case and of our formulas (0.5 -> 1/2)."""
    return sympy.nsimplify(v, rational=True) if isinstance(v, float) else sympy.sympify(v)


class SymTensor:
    """A tensor of sympy expressions with the PyTorch surface our formulas use."""

    def __init__(self, a):
        self.a = np.asarray(a, dtype=object)

    # elementwise arithmetic with broadcasting (numpy's rules are PyTorch's)
    def _bin(self, other, f):
        return SymTensor(np.vectorize(f, otypes=[object])(self.a, _arr(other)))

    def __add__(self, o): return self._bin(o, lambda p, q: p + q)
    def __radd__(self, o): return self._bin(o, lambda p, q: q + p)
    def __sub__(self, o): return self._bin(o, lambda p, q: p - q)
    def __rsub__(self, o): return self._bin(o, lambda p, q: q - p)
    def __mul__(self, o): return self._bin(o, lambda p, q: p * q)
    def __rmul__(self, o): return self._bin(o, lambda p, q: q * p)
    def __truediv__(self, o): return self._bin(o, lambda p, q: p / q)
    def __rtruediv__(self, o): return self._bin(o, lambda p, q: q / p)
    def __pow__(self, o): return self._bin(o, lambda p, q: p ** q)
    def __rpow__(self, o): return self._bin(o, lambda p, q: q ** p)
    def __neg__(self): return SymTensor(-self.a)
    def __gt__(self, o): return self._bin(o, lambda p, q: sympy.Piecewise((1, p > q), (0, True)))

    def __matmul__(self, o):
        a, b = self.a, _arr(o)
        if a.ndim == 1 and b.ndim == 1:
            return SymTensor(sympy.Add(*[p * q for p, q in zip(a, b)]))
        return SymTensor(np.matmul(a, b))

    def __getitem__(self, idx):
        return SymTensor(self.a[idx])

    @property
    def T(self):
        return SymTensor(self.a.T)

    def transpose(self, i, j):
        return SymTensor(np.swapaxes(self.a, i, j))

    @property
    def shape(self):
        return self.a.shape

    def sum(self, dim=None, keepdim=False):
        if dim is None:
            return SymTensor(sympy.Add(*self.a.flatten()))
        return SymTensor(np.sum(self.a, axis=dim, keepdims=keepdim))

    def mean(self, dim=None, keepdim=False):
        n = self.a.size if dim is None else math.prod(self.a.shape[d] for d in np.atleast_1d(dim))
        return self.sum(dim, keepdim) / n

    def expand(self, *shape):
        return SymTensor(np.broadcast_to(self.a, shape))

    def unsqueeze(self, d):
        return SymTensor(np.expand_dims(self.a, d))

    def squeeze(self, d=None):
        return SymTensor(np.squeeze(self.a) if d is None else np.squeeze(self.a, d))

    def reshape(self, *shape):
        return SymTensor(self.a.reshape(shape))

    view = reshape

    def flatten(self):
        return SymTensor(self.a.flatten())

    def select_scatter(self, src, dim, index):
        out = self.a.copy()
        out[(slice(None),) * dim + (index,)] = _arr(src)
        return SymTensor(out)

    def slice_scatter(self, src, dim=0, start=None, end=None, step=1):
        out = self.a.copy()
        out[(slice(None),) * dim + (slice(start, end, step),)] = _arr(src)
        return SymTensor(out)


def _elementwise(f):
    return lambda x: SymTensor(np.vectorize(f, otypes=[object])(_arr(x)))


def _literal(data):
    return SymTensor(np.vectorize(_num, otypes=[object])(np.asarray(data, dtype=object)))


def sym_namespace():
    ns = {name: _elementwise(f) for name, f in FUNCTIONS.items()}
    ns["relu"] = _elementwise(lambda u: sympy.Piecewise((u, u > 0), (0, True)))
    ns.update({
        "tensor": _literal,
        "ones": lambda *s: SymTensor(np.full(s, sympy.Integer(1), dtype=object)),
        "zeros": lambda *s: SymTensor(np.full(s, sympy.Integer(0), dtype=object)),
        "outer": lambda p, q: SymTensor(np.outer(_arr(p), _arr(q))),
        "__builtins__": {},
    })
    return ns


def sym_leaf(name, data):
    shape = np.shape(data)
    if shape == ():
        return SymTensor(sympy.Symbol(name, real=True))
    symbols = [sympy.Symbol(f"{name}_{i}", real=True) for i in range(int(np.prod(shape)))]
    return SymTensor(np.array(symbols, dtype=object).reshape(shape))


def build_tensor(ast, env):
    """The case's root over SymTensors (the structural ops of gen_sympy.CASES)."""
    if isinstance(ast, str):
        return env[ast]
    if isinstance(ast, (int, float)):
        return _num(ast)
    op, *rest = ast
    a = lambda i: build_tensor(rest[i], env)  # noqa: E731
    if op == "const":
        return _literal(rest[0])
    fns = sym_namespace()
    table = {
        "add": lambda: a(0) + a(1), "sub": lambda: a(0) - a(1), "mul": lambda: a(0) * a(1),
        "div": lambda: a(0) / a(1), "pow": lambda: a(0) ** a(1), "neg": lambda: -a(0),
        "sum": lambda: a(0).sum(), "mean": lambda: a(0).mean(),
        "sum_dim": lambda: a(0).sum(rest[1], keepdim=rest[2]), "mean_dim": lambda: a(0).mean(rest[1], keepdim=rest[2]),
        "matmul": lambda: a(0) @ a(1), "T": lambda: a(0).T,
        "reshape": lambda: a(0).reshape(*rest[1:]), "unsqueeze": lambda: a(0).unsqueeze(rest[1]),
        "select": lambda: a(0)[(slice(None),) * rest[1] + (rest[2],)],
        "slice": lambda: a(0)[(slice(None),) * rest[1] + (slice(rest[2], rest[3], rest[4]),)],
        "mse": lambda: ((a(0) - a(1)) ** 2).mean(),
        "bce": lambda: bce_with_logits(a(0), a(1)),
    }
    if op in table:
        return table[op]()
    return fns[op](a(0))


def bce_with_logits(z, y):
    sig = sym_namespace()["sigmoid"](z)
    log = sym_namespace()["log"]
    return (-(y * log(sig) + (1 - y) * log(1 - sig))).mean()


def tensor_verdicts(case, formulas, gradient_name):
    """{leaf: {"equivalent", "difference"}}: ours against sympy's, element by element."""
    env = {k: sym_leaf(k, v) for k, v in case["leaves"].items()}
    consts = {}

    def collect(ast):
        if isinstance(ast, list):
            if ast[0] == "const" and len(ast) > 2:
                consts[ast[2]] = _literal(ast[1])
            for x in ast[1:]:
                collect(x)

    collect(case["expr"])
    root = build_tensor(case["expr"], env)
    g = 1 if case["gradient"] is None else _literal(case["gradient"])
    loss = (root * g).sum() if isinstance(root, SymTensor) else root * g
    loss = loss.a[()] if isinstance(loss, SymTensor) else loss
    out = {}
    for leaf, text in formulas.items():
        ns = sym_namespace()
        ns.update(env)
        ns.update(consts)
        ns[gradient_name] = g
        ours = np.broadcast_to(_arr(eval(text, ns)), env[leaf].shape)  # noqa: S307 (our own formula text)
        worst = "0"
        ok = True
        for i, sym in enumerate(_arr(env[leaf]).flatten()):
            diff = simplify_difference(ours.flatten()[i] if ours.ndim else ours[()], sympy.diff(loss, sym))
            if diff != 0:
                ok, worst = False, f"element {i}: {diff}"
                break
        out[leaf] = {"equivalent": ok, "difference": worst}
    return out


def torch_namespace():
    t = lambda v: v if isinstance(v, torch.Tensor) else torch.tensor(v, dtype=torch.float64)  # noqa: E731
    f = torch.nn.functional
    return {
        "tensor": lambda data: torch.tensor(data, dtype=torch.float64),
        "ones": lambda *s: torch.ones(*s, dtype=torch.float64),
        "zeros": lambda *s: torch.zeros(*s, dtype=torch.float64),
        "outer": torch.outer, "exp": lambda v: torch.exp(t(v)), "log": lambda v: torch.log(t(v)),
        "sqrt": lambda v: torch.sqrt(t(v)), "sin": lambda v: torch.sin(t(v)), "cos": lambda v: torch.cos(t(v)),
        "tanh": lambda v: torch.tanh(t(v)), "sigmoid": lambda v: torch.sigmoid(t(v)), "abs": lambda v: torch.abs(t(v)),
        "sign": lambda v: torch.sign(t(v)), "relu": lambda v: torch.relu(t(v)), "logsigmoid": lambda v: f.logsigmoid(t(v)),
        "binary_cross_entropy_with_logits": f.binary_cross_entropy_with_logits,
        "__builtins__": {},
    }


def torch_eval_error(case, formulas, grads, gradient_name):
    """{leaf: max |formula run by PyTorch - .grad|} with the leaves' values as float64."""
    ns = torch_namespace()
    for k, v in case["leaves"].items():
        ns[k] = torch.tensor(v, dtype=torch.float64)

    def collect(ast):
        if isinstance(ast, list):
            if ast[0] == "const" and len(ast) > 2:
                ns[ast[2]] = torch.tensor(ast[1], dtype=torch.float64)
            for x in ast[1:]:
                collect(x)

    collect(case["expr"])
    if case["gradient"] is not None:
        ns[gradient_name] = torch.tensor(case["gradient"], dtype=torch.float64)
    out = {}
    for leaf, text in formulas.items():
        try:
            value = eval(text, ns)  # noqa: S307 (our own formula text)
        except Exception as e:
            raise RuntimeError(f"{case['name']}/{leaf}: {text}: {e}") from e
        value = torch.as_tensor(value, dtype=torch.float64).expand(ns[leaf].shape)
        out[leaf] = float((value - torch.tensor(grads[leaf], dtype=torch.float64).reshape(ns[leaf].shape)).abs().max())
    return out


def main():
    """Live check for tests/symbolic/oracle.test.ts. Reads
    [{"case": <gen_sympy case>, "formulas": {leaf: text}, "gradient_name": "v"}] on stdin and prints
    [{"name", "verdicts": {leaf: {"equivalent", "difference"}}, "torch_eval_error": {leaf: n}}]."""
    import json
    import sys

    out = []
    for item in json.load(sys.stdin):
        case, formulas, name = item["case"], item["formulas"], item["gradient_name"]
        out.append({"name": case["name"], "verdicts": tensor_verdicts(case, formulas, name),
                    "torch_eval_error": torch_eval_error(case, formulas, case["torch"], name)})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
