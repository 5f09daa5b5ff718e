"""Oracle for core/symbolic: for each case, PyTorch's gradients (values) and,
for elementwise cases, sympy's derivative (formula).

Cases are small JSON expression trees (see tests/symbolic/ast_cases.ts, which
builds the same trees with the Autograd Lab engine). For a root that is an
elementwise function f of scalar leaves, optionally summed or averaged, with a
uniform gradient, d sum(g * root)/dx is g * f'(x) (divided by N for a mean):
sympy differentiates f symbolically.

After writing the cases it renders Autograd Lab's own formulas (via
`npx tsx tests/symbolic/render_oracle_formulas.ts`) and records sympy's verdict
`simplify(ours - theirs) == 0` for each, so the verdicts are checked in too.
Tensor formulas (`x.T @ G`, `v.expand(3, 2)`, masks and slice_scatter) are
checked by sympy element by element, and every formula's text is run by
PyTorch against .grad (tests/oracle/sympy_tensor.py).

    /usr/bin/python3 tests/oracle/gen_sympy.py
"""

import json
import os
import subprocess
import sys

import sympy
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import flat_data  # noqa: E402
from sympy_equiv import equivalent  # noqa: E402
from sympy_tensor import tensor_verdicts, torch_eval_error  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "fixtures", "sympy.json")

X5 = [0.5, 1.0, 1.5, 2.0, 3.0]
POS3 = [0.4, 1.3, 2.2]
MIX5 = [-2.0, -0.7, 0.3, 1.1, 2.5]
M34 = [[0., 1., 2., 3.], [4., 5., 6., 7.], [8., 9., 10., 11.]]

# (name, expr, leaves, gradient, sympy?) -- gradient None: scalar root.
CASES = [
    ("seed_x2_minus_5", ["sub", ["pow", "x", 2], 5], {"x": [1., 2., 3., 4., 5.]}, [1.] * 5, True),
    ("tutorial_Q", ["sub", ["mul", 3, ["pow", "a", 3]], ["pow", "b", 2]], {"a": [2., 3.], "b": [6., 4.]}, [1., 1.], True),
    ("Q_weighted", ["sub", ["mul", 3, ["pow", "a", 3]], ["pow", "b", 2]], {"a": [2., 3.], "b": [6., 4.]}, [0.5, -2.], False),
    ("x_times_2_vjp", ["mul", "x", 2], {"x": [1., 2., 3.]}, [0.1, 1.0, 0.0001], False),
    ("sum_x_squared", ["sum", ["mul", "x", "x"]], {"x": X5}, None, True),
    ("cubic_minus_half", ["sub", ["mul", ["mul", "x", "x"], "x"], ["div", "x", 2]], {"x": MIX5}, [1.] * 5, True),
    ("exp_over_quadratic", ["sum", ["div", ["exp", "x"], ["add", 1, ["pow", "x", 2]]]], {"x": MIX5}, None, True),
    ("log_times_sin", ["sum", ["mul", ["log", ["add", ["pow", "x", 2], 1]], ["sin", "x"]]], {"x": MIX5}, None, True),
    ("sqrt_cos", ["sum", ["mul", ["sqrt", "x"], ["cos", ["mul", 2, "x"]]]], {"x": X5}, None, True),
    ("two_leaves_rational", ["sum", ["div", ["add", ["mul", "x", "y"], ["pow", "y", 3]], "x"]], {"x": POS3, "y": [0.5, -1.0, 2.0]}, None, True),
    ("scalar_base_pow", ["sum", ["pow", 2, "x"]], {"x": [0., 1., 2., 3.]}, None, True),
    ("tensor_pow_tensor", ["sum", ["pow", "x", "y"]], {"x": [1., 2., 3.], "y": [2., 0.5, -1.]}, None, True),
    ("mean_squared_shift", ["mean", ["pow", ["sub", "x", 3], 2]], {"x": X5}, None, True),
    ("sigmoid_sum", ["sum", ["sigmoid", "x"]], {"x": MIX5}, None, True),
    ("tanh_of_sigmoid", ["sum", ["tanh", ["sigmoid", "x"]]], {"x": MIX5}, None, True),
    ("inverse_sqrt", ["sum", ["div", 1, ["sqrt", "x"]]], {"x": X5}, None, True),
    ("negative_quadratic", ["add", ["sub", ["neg", ["pow", "x", 2]], ["mul", -4, "x"]], -1], {"x": MIX5}, [1.] * 5, True),
    ("gaussian", ["sum", ["exp", ["div", ["neg", ["pow", "x", 2]], 2]]], {"x": MIX5}, None, True),
    ("exp_and_sin_product", ["sum", ["sub", ["mul", "x", ["exp", "y"]], ["sin", ["mul", "x", "y"]]]], {"x": POS3, "y": [0.3, -0.2, 0.9]}, None, True),
    ("shifted_cube", ["sum", ["pow", ["add", "x", 1], 3]], {"x": MIX5}, None, True),
    ("pythagoras_zero", ["sum", ["add", ["pow", ["cos", "x"], 2], ["pow", ["sin", "x"], 2]]], {"x": MIX5}, None, True),
    ("sigmoid_tanh_product", ["sum", ["mul", ["sigmoid", "x"], ["tanh", "x"]]], {"x": MIX5}, None, True),
    ("reciprocal_of_sum", ["sum", ["div", "x", ["add", "x", "y"]]], {"x": POS3, "y": [1.0, 2.0, 0.5]}, None, True),
    # Values only: kinks, reductions with dims, broadcasting, matrices, indexing, losses.
    ("relu_abs_chain", ["sum", ["add", ["relu", ["sub", "x", 0.5]], ["abs", "x"]]], {"x": MIX5}, None, False),
    ("activation_chain", ["sum", ["relu", ["sub", ["tanh", ["sigmoid", "x"]], 0.5]]], {"x": [-2., -0.5, 0., 0.5, 2.]}, None, False),
    ("matmul_sum", ["sum", ["matmul", "A", "B"]], {"A": [[1., 2.], [3., 4.], [5., 6.]], "B": [[1., 0., -1., 2.], [0.5, 1., 0., -2.]]}, None, False),
    ("matmul_weighted", ["matmul", "A", "B"], {"A": [[1., 2.], [3., 4.]], "B": [[0.5, -1.], [2., 1.]]}, [[1., -1.], [0.5, 2.]], False),
    ("mv_and_dot", ["add", ["sum", ["matmul", "A", "v"]], ["matmul", "v", "v"]], {"A": [[1., 2.], [3., 4.], [5., 6.]], "v": [1., -1.]}, None, False),
    ("vector_matrix", ["sum", ["mul", ["matmul", "v", "B"], ["matmul", "v", "B"]]], {"v": [1., -1.], "B": [[1., 0., -1.], [0.5, 1., 2.]]}, None, False),
    ("transpose_broadcast", ["sum", ["mul", ["T", "x"], ["const", [[1.], [2.], [3.]]]]], {"x": [[1., 2., 3.], [4., 5., 6.]]}, None, False),
    ("sum_dims", ["add", ["sum", ["sum_dim", "x", 1, False]], ["mul", ["sum", ["mean_dim", "x", 0, False]], 3]], {"x": [[1., 2., 3.], [4., 5., 6.]]}, None, False),
    ("sum_dim_keepdim_weighted", ["sum_dim", ["pow", "x", 2], 0, True], {"x": [[1., 2., 3.], [4., 5., 6.]]}, [[1., -2., 0.5]], False),
    ("broadcast_bias", ["sum", ["pow", ["add", "x", "b"], 2]], {"x": [[1., 2., 3.], [4., 5., 6.]], "b": [0.5, -1., 2.]}, None, False),
    ("select_slice", ["add", ["add", ["mul", ["select", "x", 0, 1], 10], ["sum", ["slice", "x", 0, 1, 3, 1]]], ["sum", ["slice", "x", 0, 0, 5, 2]]], {"x": [1., 2., 3., 4., 5.]}, None, False),
    ("matrix_select", ["add", ["sum", ["select", "m", 1, 1]], ["mul", ["select", ["select", "m", 0, 1], 0, 2], 5]], {"m": [[0., 1., 2., 3.], [4., 5., 6., 7.], [8., 9., 10., 11.]]}, None, False),
    ("reshape_mix", ["sum", ["mul", ["reshape", ["T", ["reshape", "x", 2, 3]], 6], "x"]], {"x": [0., 1., 2., 3., 4., 5.]}, None, False),
    ("unsqueeze_outer", ["sum", ["mul", ["unsqueeze", "x", 0], ["unsqueeze", "x", 1]]], {"x": [1., 2., 3.]}, None, False),
    ("mse", ["mse", ["add", ["matmul", ["const", [[1., 2.], [3., 4.], [5., 6.]], "X"], "w"], "b"], ["const", [1., 2., 3.], "target"]], {"w": [0.1, -0.1], "b": [0.0]}, None, False),
    ("bce_logits", ["bce", ["add", ["matmul", ["const", [1., 1., 1., 1., 1.], "x"], "w"], "b"], ["const", [0., 0., 0.], "y"]], {"w": [[1.5410, -0.2934, -2.1788], [0.5684, -1.0845, -1.3986], [0.4033, 0.8380, -0.7193], [-0.4033, -0.5966, 0.1820], [-0.8567, 1.1006, -1.0712]], "b": [0.1227, -0.5663, 0.3731]}, None, False),
    ("max_ties", ["max", "x"], {"x": [1., 3., 3., 2.]}, None, False),
    ("float64_square", ["sum", ["pow", "c", 2]], {"c": [1.5, 2.5]}, None, True),
    # How readable notation holds up: placed gradients, broadcasts, constants moved out.
    ("select_square", ["pow", ["select", "x", 0, 1], 2], {"x": X5}, None, False),
    ("matrix_row_square", ["sum", ["pow", ["select", "m", 0, 1], 2]], {"m": M34}, None, False),
    ("matrix_column_weighted", ["pow", ["select", "m", 1, 2], 3], {"m": M34}, [1., -2., 0.5], False),
    ("slice_square", ["sum", ["pow", ["slice", "x", 0, 1, 3, 1], 2]], {"x": X5}, None, False),
    ("slice_columns_scaled", ["sum", ["mul", ["slice", "m", 1, 1, 3, 1], "s"]], {"m": M34, "s": 2.0}, None, False),
    ("strided_slice_of_exp", ["sum", ["exp", ["slice", "x", 0, 0, 5, 2]]], {"x": MIX5}, None, False),
    ("vector_matrix_sum", ["sum", ["matmul", "v", "B"]], {"v": [1., -1.], "B": [[1., 0., -1.], [0.5, 1., 2.]]}, None, False),
    ("reshape_plus_one", ["sum", ["mul", ["add", ["reshape", ["T", ["reshape", "x", 2, 3]], 6], 1], "x"]],
     {"x": [0., 1., 2., 3., 4., 5.]}, None, False),
    ("bmm_square", ["sum", ["pow", ["matmul", "A", "B"], 2]],
     {"A": [[[1., 2.], [3., 4.]], [[0.5, -1.], [2., 1.]]], "B": [[[1., 0., -1.], [0.5, 1., 2.]], [[2., 1., 0.], [-1., 0.5, 1.]]]},
     None, False),
    ("mean_dim_weighted", ["mul", ["mean_dim", ["pow", "x", 2], 0, False], 3], {"x": [[1., 2., 3.], [4., 5., 6.]]},
     [1., -2., 0.5], False),
]

FLOAT64 = {"float64_square"}
# Kinks (relu, abs, max ties) have no derivative sympy agrees with at every point: values only.
NO_TENSOR_SYMPY = {"relu_abs_chain", "activation_chain", "max_ties"}


def build_torch(ast, env):
    if isinstance(ast, str):
        return env[ast]
    if isinstance(ast, (int, float)):
        return ast
    op, *rest = ast
    a = lambda i: build_torch(rest[i], env)  # noqa: E731
    if op == "const":
        return torch.tensor(rest[0])
    table = {
        "add": lambda: a(0) + a(1), "sub": lambda: a(0) - a(1), "mul": lambda: a(0) * a(1),
        "div": lambda: a(0) / a(1), "pow": lambda: a(0) ** a(1), "neg": lambda: -a(0),
        "sum": lambda: a(0).sum(), "mean": lambda: a(0).mean(), "max": lambda: a(0).max(),
        "sum_dim": lambda: a(0).sum(rest[1], keepdim=rest[2]), "mean_dim": lambda: a(0).mean(rest[1], keepdim=rest[2]),
        "matmul": lambda: a(0) @ a(1), "T": lambda: a(0).t(), "transpose": lambda: a(0).transpose(rest[1], rest[2]),
        "reshape": lambda: a(0).reshape(*rest[1:]), "unsqueeze": lambda: a(0).unsqueeze(rest[1]),
        "select": lambda: a(0).select(rest[1], rest[2]),
        "slice": lambda: a(0).narrow(rest[1], 0, a(0).shape[rest[1]])[(slice(None),) * rest[1] + (slice(rest[2], rest[3], rest[4]),)],
        "mse": lambda: torch.nn.functional.mse_loss(a(0), a(1)),
        "bce": lambda: torch.nn.functional.binary_cross_entropy_with_logits(a(0), a(1)),
    }
    if op in table:
        return table[op]()
    return getattr(torch, op)(a(0))


def build_sympy(ast, syms):
    if isinstance(ast, str):
        return syms[ast]
    if isinstance(ast, (int, float)):
        return sympy.Integer(ast) if float(ast).is_integer() else sympy.Float(ast)
    op, *rest = ast
    a = lambda i: build_sympy(rest[i], syms)  # noqa: E731
    table = {
        "add": lambda: a(0) + a(1), "sub": lambda: a(0) - a(1), "mul": lambda: a(0) * a(1),
        "div": lambda: a(0) / a(1), "pow": lambda: a(0) ** a(1), "neg": lambda: -a(0),
        "exp": lambda: sympy.exp(a(0)), "log": lambda: sympy.log(a(0)), "sqrt": lambda: sympy.sqrt(a(0)),
        "sin": lambda: sympy.sin(a(0)), "cos": lambda: sympy.cos(a(0)), "tanh": lambda: sympy.tanh(a(0)),
        "sigmoid": lambda: 1 / (1 + sympy.exp(-a(0))),
    }
    return table[op]()


def elementwise_part(expr, n):
    """(f, scale): the root is scale * sum of f over elements, or f itself."""
    if isinstance(expr, list) and expr[0] == "sum":
        return expr[1], 1
    if isinstance(expr, list) and expr[0] == "mean":
        return expr[1], sympy.Rational(1, n)
    return expr, 1


def main():
    cases = []
    for name, expr, leaves, gradient, with_sympy in CASES:
        dtype = torch.float64 if name in FLOAT64 else torch.float32
        env = {k: torch.tensor(v, dtype=dtype, requires_grad=True) for k, v in leaves.items()}
        root = build_torch(expr, env)
        root.backward(None if gradient is None else torch.tensor(gradient, dtype=dtype))
        case = {
            "name": name, "expr": expr, "leaves": leaves, "gradient": gradient,
            "dtype": "float64" if dtype == torch.float64 else "float32",
            "torch": {k: flat_data(t.grad) for k, t in env.items() if t.grad is not None},
            "sympy": None,
        }
        if with_sympy:
            n = len(next(iter(leaves.values())))
            f_ast, scale = elementwise_part(expr, n)
            syms = {k: sympy.Symbol(k, real=True) for k in leaves}
            f = build_sympy(f_ast, syms)
            case["sympy"] = {k: str(sympy.diff(scale * f, s)) for k, s in syms.items()}
        cases.append(case)
    render_and_judge(cases)
    with open(OUT, "w") as fh:
        json.dump({"generator": "tests/oracle/gen_sympy.py", "torch": torch.__version__, "sympy": sympy.__version__,
                   "cases": cases}, fh, indent=1)
        fh.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT, ROOT)}")


def gradient_name(case):
    """What core/symbolic calls an unnamed backward(gradient=) tensor: v, unless a leaf is v."""
    return "grad_output" if "v" in case["leaves"] else "v"


def render_and_judge(cases):
    """Our formulas (rendered by the TypeScript module) and the oracles' verdicts on each:
    sympy on the whole formula for elementwise cases, sympy element by element for
    tensor formulas, and real PyTorch running the formula text for every case."""
    proc = subprocess.run(["npx", "tsx", "tests/symbolic/render_oracle_formulas.ts"], cwd=ROOT,
                          input=json.dumps(cases), capture_output=True, text=True, check=True)
    ours = json.loads(proc.stdout)
    for case in cases:
        formulas = ours[case["name"]]
        case["ours"] = formulas
        case["torch_eval_error"] = torch_eval_error(case, formulas, case["torch"], gradient_name(case))
        if case["sympy"] is None:
            if case["name"] not in NO_TENSOR_SYMPY:
                case["tensor_verdicts"] = tensor_verdicts(case, formulas, gradient_name(case))
            continue
        case["verdicts"] = {}
        for leaf, theirs in case["sympy"].items():
            ok, diff = equivalent(formulas[leaf], theirs, list(case["leaves"]))
            case["verdicts"][leaf] = {"equivalent": bool(ok), "difference": diff}


if __name__ == "__main__":
    main()
