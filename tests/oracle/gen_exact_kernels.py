"""Oracle for the last bits of core's float kernels: matrix products, sums and
losses whose float32/float64 rounding must match PyTorch's CPU kernels exactly.

Run with /usr/bin/python3 (Debian's python3-torch, PyTorch 1.13):
    /usr/bin/python3 tests/oracle/gen_exact_kernels.py
Writes tests/oracle/fixtures/exact_kernels.json. Each case: the op, its inputs
(random, seeded), the output and the gradients of every input for a random
grad_output, all as exact float64 widenings, so tests compare bits.
"""
import os

import torch
import torch.nn.functional as F

from common import tensor_values, write_json

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "exact_kernels.json")

DTYPES = {"float32": torch.float32, "float64": torch.float64}

# (op, input shapes): matrix products in every form matmul dispatches to.
PRODUCTS = [
    ("mm", [[3, 2], [2, 1]]),
    ("mm", [[5, 7], [7, 3]]),
    ("mm", [[4, 16], [16, 4]]),
    ("mm", [[8, 33], [33, 9]]),
    ("mm", [[24, 40], [40, 20]]),
    ("mv", [[6, 11], [11]]),
    ("mv", [[13, 37], [37]]),
    ("dot", [[5], [5]]),
    ("dot", [[67], [67]]),
    ("matmul", [[9], [9, 5]]),
    ("matmul", [[2, 3, 6], [6, 4]]),
    ("matmul", [[2, 3, 6], [6]]),
    ("matmul", [[2, 3, 6], [2, 6, 5]]),
    ("bmm", [[3, 4, 9], [3, 9, 2]]),
]

# Reductions over all elements: lengths around the vector width and the cascade levels.
SUM_LENGTHS = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 100, 129, 300]


def make(shape, dtype, scale=1.0):
    return (torch.randn(shape, dtype=dtype) * scale).requires_grad_()


def case(name, op, inputs, out, kwargs=None):
    g = torch.randn(out.shape, dtype=out.dtype)
    out.backward(g)
    return {
        "name": name,
        "op": op,
        "kwargs": kwargs or {},
        "inputs": [tensor_values(t) for t in inputs],
        "output": tensor_values(out),
        "grad_output": tensor_values(g),
        "grads": [tensor_values(t.grad) for t in inputs],
    }


def products(dtype_name, dtype):
    cases = []
    for op, shapes in PRODUCTS:
        inputs = [make(s, dtype) for s in shapes]
        out = getattr(torch, op)(*inputs)
        label = "x".join("(" + ",".join(map(str, s)) + ")" for s in shapes)
        cases.append(case(f"{op} {label} {dtype_name}", op, inputs, out))
    return cases


def reductions(dtype_name, dtype):
    cases = []
    for n in SUM_LENGTHS:
        for op in ("sum", "mean"):
            x = make([n], dtype, 10.0)
            cases.append(case(f"{op} ({n}) {dtype_name}", op, [x], getattr(torch, op)(x)))
    for reduction in ("mean", "sum", "none"):
        for n in (3, 5, 17):
            x = make([n], dtype)
            y = make([n], dtype)
            out = F.mse_loss(x, y, reduction=reduction)
            cases.append(case(f"mse_loss ({n}) {reduction} {dtype_name}", "mse_loss", [x, y], out, {"reduction": reduction}))
    return cases


# Elementwise float32 functions: 5 elements take the scalar loop, 16+ the AVX2 one (and a scalar tail).
UNARY_LENGTHS = [5, 20, 37]


def elementwise():
    cases = []
    for n in UNARY_LENGTHS:
        for op in ("exp", "sigmoid", "reciprocal", "tanh", "log", "sin", "cos"):
            x = make([n], torch.float32, 3.0)
            if op == "log":
                x = (x.detach().abs() + 0.01).requires_grad_()
            cases.append(case(f"{op} ({n}) float32", op, [x], getattr(torch, op)(x)))
        for reduction in ("mean", "sum", "none"):
            x = make([n], torch.float32, 3.0)
            y = torch.rand(n)
            out = F.binary_cross_entropy_with_logits(x, y, reduction=reduction)
            c = case(f"bce_with_logits ({n}) {reduction} float32", "bce_with_logits", [x], out, {"reduction": reduction})
            c["constants"] = [tensor_values(y)]
            cases.append(c)
        x = make([n], torch.float32, 3.0)
        y = torch.rand(n)
        w = torch.rand(n) + 0.5
        pw = torch.rand(n) * 3
        out = F.binary_cross_entropy_with_logits(x, y, weight=w, pos_weight=pw)
        c = case(f"bce_with_logits ({n}) weight pos_weight float32", "bce_with_logits", [x], out, {"reduction": "mean"})
        c["constants"] = [tensor_values(t) for t in (y, w, pw)]
        cases.append(c)
    return cases


# x ** e takes exact arithmetic for a few exponents and the C library's pow otherwise.
POW_EXPONENTS = [0.5, -0.5, 2.0, 3.0, -1.0, -2.0, 1.5]


def powers():
    cases = []
    for e in POW_EXPONENTS:
        x = (torch.rand(7) * 3 + 0.1).requires_grad_()
        cases.append(case(f"pow ({e}) float32", "pow_scalar", [x], x ** e, {"exponent": str(e)}))
    a = (torch.rand(6) * 3 + 0.1).requires_grad_()
    b = (torch.randn(6)).requires_grad_()
    cases.append(case("pow tensor^tensor float32", "pow", [a, b], a ** b))
    for n in (3, 5):
        a = (torch.rand(n) * 3 + 0.1).requires_grad_()
        b = (torch.rand(n) * 2 + 0.5).requires_grad_()
        cases.append(case(f"div ({n}) float32", "div", [a, b], a / b))
    return cases


def main():
    torch.manual_seed(20240607)
    cases = []
    for dtype_name, dtype in DTYPES.items():
        cases += products(dtype_name, dtype)
        cases += reductions(dtype_name, dtype)
    cases += elementwise()
    cases += powers()
    write_json(OUT, {"generator": "tests/oracle/gen_exact_kernels.py", "torch_version": torch.__version__, "cases": cases})
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
