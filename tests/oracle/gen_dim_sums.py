"""Oracle for the last bits of sum/mean over dims and of the broadcast-gradient
sums (at::sum_to), whose float32/float64 rounding follows PyTorch's CPU
cascade_sum through TensorIterator (aten/src/ATen/native/cpu/SumKernel.cpp).

Run with /usr/bin/python3 (PyTorch 1.13):
    /usr/bin/python3 tests/oracle/gen_dim_sums.py
Writes tests/oracle/fixtures/dim_sums.json. Inputs are random (seeded), every
float is stored as its exact float64 widening, so tests compare bits.

Every input has fewer than 32768 elements (at::internal::GRAIN_SIZE): larger
reductions are split across threads, whose partial sums are not reproduced.
"""
import base64
import os

import torch

from common import write_json

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "dim_sums.json")

DTYPES = {"float32": torch.float32, "float64": torch.float64}


def packed(t):
    """A tensor as its raw little-endian bytes in base64: exact, and a quarter of the JSON text."""
    raw = t.detach().contiguous().numpy().astype("<f4" if t.dtype == torch.float32 else "<f8").tobytes()
    return {"bytes": base64.b64encode(raw).decode("ascii"), "shape": list(t.shape), "dtype": str(t.dtype)[6:]}
GRAIN = 32768

# (shape, dims): dims is an int, a tuple, or None for "every single dim, negative too, and every pair".
SHAPES_2D = [(5, 37), (37, 5), (100, 9), (9, 100), (64, 64), (1, 40), (40, 1), (3, 8), (8, 3), (7, 7),
             (300, 13), (2, 33), (33, 2), (16, 17), (4, 4), (31, 65), (129, 3)]
SHAPES_3D = [(3, 4, 50), (2, 3, 4), (5, 8, 9), (6, 1, 7), (4, 33, 5), (10, 10, 10), (2, 40, 3), (17, 3, 16),
             (1, 9, 1), (7, 64, 2)]
SHAPES_4D = [(2, 3, 4, 5), (3, 5, 7, 9), (2, 9, 2, 17), (4, 1, 6, 8), (5, 4, 3, 33)]


def dim_choices(rank):
    singles = list(range(rank)) + [-1, -rank]
    pairs = [(a, b) for a in range(rank) for b in range(a + 1, rank)]
    more = []
    if rank >= 3:
        more += [tuple(range(rank)), (rank - 1, 0), (0, 1, rank - 1)]
    if rank == 4:
        more += [(1, 2, 3), (0, 2, 3), (-1, -3)]
    return singles + pairs + more


def reduction(op, x, dim, keepdim):
    out = getattr(torch, op)(x, dim=dim, keepdim=keepdim)
    return {
        "name": f"{tuple(x.shape)}.{op}({dim}{', keepdim=True' if keepdim else ''}) {str(x.dtype)[6:]}",
        "op": op,
        "dim": list(dim) if isinstance(dim, tuple) else dim,
        "keepdim": keepdim,
        "output": packed(out),
    }


def reduction_case(x, reductions):
    """One input and every reduction taken of it (or of its "view"), so the input is stored once."""
    assert x.numel() < GRAIN
    return {"input": packed(x), "reductions": [reduction(*r) for r in reductions]}


def reductions(dtype):
    cases = []
    for shape in SHAPES_2D + SHAPES_3D + SHAPES_4D:
        x = torch.randn(shape, dtype=dtype) * 10
        todo = []
        for i, dim in enumerate(dim_choices(len(shape))):
            # keepdim and mean on a rotating subset: each layout is covered without doubling the fixture.
            todo.append(("sum", x, dim, i % 3 == 1))
            if i % 2 == 0:
                todo.append(("mean", x, dim, i % 4 == 2))
        cases.append(reduction_case(x, todo))
    # Row lengths around the vector widths (8 floats, 4 doubles) and the ILP factor, along either dim.
    # float64 (4 lanes) needs a shorter sweep than float32 (8 lanes); it keeps the fixture small.
    for n in range(1, 41) if dtype == torch.float32 else list(range(1, 13)) + [16, 17, 31, 32, 33]:
        x = torch.randn((n, 11), dtype=dtype)
        cases.append(reduction_case(x, [("sum", x, 0, False), ("sum", x, 1, False)]))
        y = torch.randn((3, n, 5), dtype=dtype)
        cases.append(reduction_case(y, [("sum", y, 1, False), ("sum", y, (0, 2), False)]))
        z = torch.randn((4, 2, n), dtype=dtype)
        cases.append(reduction_case(z, [("sum", z, (0, 2), False), ("sum", z, (0, 1), False)]))
        w = torch.randn((n, 2, 3), dtype=dtype)
        cases.append(reduction_case(w, [("sum", w, (0, 2), False), ("sum", w, 0, False)]))
    # Long rows and columns: the cascade levels (flushes every 16 rows, 256 and 4096).
    for shape in [(700, 3), (1000, 7), (4100, 2), (260, 37)] if dtype == torch.float32 else [(700, 3), (260, 37)]:
        x = torch.randn(shape, dtype=dtype)
        cases.append(reduction_case(x, [("sum", x, 0, False), ("sum", x, 1, False), ("mean", x, 0, True)]))
    for n in (1, 7, 8, 33):
        x = torch.randn((n,), dtype=dtype)
        cases.append(reduction_case(x, [("sum", x, 0, False), ("mean", x, -1, True)]))
    return cases


# Views whose strides are not row-major: TensorIterator orders the adds by the strides.
# (base shape, view, dims to reduce)
VIEWS = [((5, 37), {"op": "permute", "dims": [1, 0]}, [0, 1, -1, (0, 1)]),
         ((37, 5), {"op": "permute", "dims": [1, 0]}, [0, 1]),
         ((64, 64), {"op": "permute", "dims": [1, 0]}, [0, 1]),
         ((9, 100), {"op": "permute", "dims": [1, 0]}, [0, 1]),
         ((3, 4, 50), {"op": "permute", "dims": [2, 0, 1]}, [0, 1, 2, (0, 1), (0, 2), (1, 2)]),
         ((3, 4, 50), {"op": "permute", "dims": [1, 2, 0]}, [0, 1, 2, (0, 2)]),
         ((6, 10, 12), {"op": "permute", "dims": [2, 1, 0]}, [0, 1, 2, (0, 2)]),
         ((2, 3, 4, 5), {"op": "permute", "dims": [0, 2, 3, 1]}, [1, 3, (1, 2), (0, 3)]),
         ((20, 37), {"op": "slice", "dim": 1, "start": 1, "stop": None, "step": 2}, [0, 1]),
         ((40, 17), {"op": "slice", "dim": 0, "start": 0, "stop": 39, "step": 3}, [0, 1]),
         ((37,), {"op": "expand", "shape": [5, 37]}, [0, 1, (0, 1)]),
         ((5, 1), {"op": "expand", "shape": [5, 37]}, [0, 1]),
         ((3, 1, 50), {"op": "expand", "shape": [3, 4, 50]}, [0, 1, (0, 1)])]


def apply_view(x, view):
    if view["op"] == "permute":
        return x.permute(*view["dims"])
    if view["op"] == "expand":
        return x.expand(*view["shape"])
    index = [slice(None)] * x.dim()
    index[view["dim"]] = slice(view["start"], view["stop"], view["step"])
    return x[tuple(index)]


def view_reductions(dtype):
    cases = []
    for shape, view, dims in VIEWS:
        x = torch.randn(shape, dtype=dtype)
        v = apply_view(x, view)
        assert not v.is_contiguous()
        case = reduction_case(x, [(op, v, d, False) for d in dims for op in ("sum", "mean")])
        case["view"] = view
        for r in case["reductions"]:
            r["name"] = f"{view['op']} view {r['name']}"
        cases.append(case)
    return cases


# (x shape, b shape): b broadcasts against x, so b's gradient is a sum_to of the output's gradient.
BROADCASTS = [((5, 37), (37,)), ((5, 37), (1, 37)), ((5, 37), (5, 1)), ((5, 37), (1, 1)), ((5, 37), ()),
              ((3, 4, 50), (3, 1, 50)), ((3, 4, 50), (4, 1)), ((3, 4, 50), (50,)), ((3, 4, 50), (1, 4, 1)),
              ((64, 64), (64,)), ((64, 64), (64, 1)), ((9, 100), (100,)), ((100, 9), (9,)), ((100, 9), (100, 1)),
              ((2, 3, 4, 5), (3, 1, 5)), ((7, 33, 6), (33, 1)), ((40, 17), (17,))]

# (x shape, view of x, b shape)
BROADCAST_VIEWS = [((37, 5), {"op": "permute", "dims": [1, 0]}, (37,)),
                   ((37, 5), {"op": "permute", "dims": [1, 0]}, (5, 1)),
                   ((64, 64), {"op": "permute", "dims": [1, 0]}, (64,)),
                   ((50, 4, 3), {"op": "permute", "dims": [2, 1, 0]}, (3, 1, 50)),
                   ((50, 4, 3), {"op": "permute", "dims": [2, 1, 0]}, (4, 1))]


def b_grad(kind, op, x, b, gradient, x_view=None):
    """b's gradient (a sum_to of the output's gradient) after one backward pass."""
    x = x.clone().requires_grad_()
    b = b.clone().requires_grad_()
    xv = apply_view(x, x_view) if x_view else x
    out = {"mul": torch.mul, "add": torch.add, "sub": torch.sub}[op](xv, b)
    if kind == "sum":
        out.sum().backward()
    elif kind == "mean":
        out.mean().backward()
    else:
        out.backward(gradient)
    return {"name": f"({op} x{tuple(x.shape)} b{tuple(b.shape)}).{kind} backward {str(x.dtype)[6:]}",
            "kind": kind, "op": op, "b_grad": packed(b.grad)}


def broadcasts(dtype):
    cases = []
    for xs, bs in BROADCASTS:
        x = torch.randn(xs, dtype=dtype)
        b = torch.randn(bs, dtype=dtype)
        g = torch.randn(xs, dtype=dtype)
        runs = [("sum", "mul"), ("mean", "add"), ("gradient", "add"), ("gradient", "mul"), ("gradient", "sub")]
        cases.append({"x": packed(x), "b": packed(b), "grad_output": packed(g),
                      "results": [b_grad(kind, op, x, b, g) for kind, op in runs]})
    # x a transposed view: the gradient b gets from mul (grad * x) has x's strides, so sum_to walks it in that order.
    for xs, view, bs in BROADCAST_VIEWS:
        x = torch.randn(xs, dtype=dtype)
        b = torch.randn(bs, dtype=dtype)
        g = torch.randn(apply_view(x, view).shape, dtype=dtype)
        runs = [("sum", "mul"), ("gradient", "mul"), ("gradient", "add")]
        results = [b_grad(kind, op, x, b, g, view) for kind, op in runs]
        for r in results:
            r["name"] = f"{view['op']} view {r['name']}"
        # Whether sum_to of a row-major copy of (grad * x view) gives the same bits: where it
        # does not, the order of the adds, hence the gradient's strides, decides the last bits.
        grad_b = torch.ones((), dtype=dtype).expand(g.shape) * apply_view(x, view)
        pytorch_b_grad = grad_b.sum_to_size(bs)
        results[0]["row_major_agrees"] = bool(torch.equal(grad_b.contiguous().sum_to_size(bs), pytorch_b_grad))
        cases.append({"x": packed(x), "x_view": view, "b": packed(b), "grad_output": packed(g),
                      "results": results})
    return cases


def main():
    torch.manual_seed(0)
    reduce_cases = []
    backward_cases = []
    for dtype in DTYPES.values():
        reduce_cases += reductions(dtype)
        reduce_cases += view_reductions(dtype)
        backward_cases += broadcasts(dtype)
    write_json(OUT, {"generator": "tests/oracle/gen_dim_sums.py", "torch_version": torch.__version__,
                     "reductions": reduce_cases, "broadcasts": backward_cases})
    print(f"wrote {sum(len(c['reductions']) for c in reduce_cases)} reductions and {sum(len(c['results']) for c in backward_cases)} broadcast gradients to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
