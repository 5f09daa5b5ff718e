"""Oracle for core/print/tensor_str: `repr(tensor)` from real PyTorch.

Run with /usr/bin/python3 (Debian's python3-torch, PyTorch 1.13):
    /usr/bin/python3 tests/oracle/gen_printing.py
Writes tests/oracle/fixtures/printing.json: for each case the flat values (float64 of the
tensor; bool as 0/1; non-finite as the strings "nan"/"inf"/"-inf"), shape, dtype, requires_grad,
grad_fn name, print options and repr(t).
"""
import json
import math
import os

import torch

DTYPE_NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}
DEFAULT_OPTS = dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)


def encode(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return v


def record(name, t, opts=None):
    opts = dict(DEFAULT_OPTS, **(opts or {}))
    torch.set_printoptions(**opts)
    try:
        text = repr(t)
        assert str(t) == text
    finally:
        torch.set_printoptions(profile="default", sci_mode=None)
    flat = t.detach().reshape(-1)
    if t.dtype.is_floating_point:
        vals = [encode(float(v)) for v in flat.double().tolist()]
    else:
        vals = [encode(v) for v in flat.tolist()]
    return {
        "name": name,
        "shape": list(t.shape),
        "dtype": DTYPE_NAMES[t.dtype],
        "values": vals,
        "requires_grad": bool(t.requires_grad),
        "grad_fn": None if t.grad_fn is None else type(t.grad_fn).__name__,
        "options": {k: v for k, v in opts.items() if DEFAULT_OPTS[k] != v},
        "repr": text,
    }


def with_grad(t):
    """Three versions of a float tensor: plain, leaf requiring grad, and a MulBackward0 result."""
    leaf = t.clone().requires_grad_(True)
    return [("", t), (" leaf", leaf), (" mul", leaf * 1)]


def cases():
    out = []
    add = lambda name, t, opts=None: out.append(record(name, t, opts))

    # The examples.
    add("issue ints as floats", torch.tensor([6.0, 2.0, 8.0, 2.0, 10.0]))
    x = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.5], requires_grad=True)
    add("issue sum grad_fn", (x * 1.0 + 0.1).sum() + 14.0 - 0.1 * 5 - 0.0)
    add("issue sum exact", torch.tensor([30.0, 1.5], requires_grad=True).sum())
    add("issue sci", torch.tensor([1.0e-04, 1.0, 1.2345e04]))
    loss = x ** 2 - 5
    add("issue loss", loss)
    add("issue leaf", x)

    g = torch.Generator().manual_seed(1234)
    # Random magnitudes: fixed mode, sci mode by ratio, by max > 1e8, by min < 1e-4.
    for k in (-9, -5, -4, -3, -1, 0, 1, 3, 4, 7, 8, 9, 12):
        for n in (1, 4, 9):
            v = torch.randn(n, generator=g) * (10.0 ** k)
            for suffix, t in with_grad(v) if n == 4 else [("", v)]:
                add(f"randn*1e{k} n={n}{suffix}", t)
            add(f"randn*1e{k} n={n} float64", v.double())
    for lo, hi in ((-3, 3), (-6, 0), (0, 9), (-2, 1)):
        v = torch.exp(torch.empty(12).uniform_(lo * 2.3, hi * 2.3, generator=g)) * torch.sign(torch.randn(12, generator=g))
        add(f"log-uniform 1e{lo}..1e{hi}", v)

    # Integer-valued floats.
    add("arange float", torch.arange(10.0))
    add("arange neg float", torch.arange(-5.0, 5.0))
    add("int floats big", torch.tensor([1.0, 2.0, 3.0e8]))
    add("int floats ratio", torch.tensor([1.0, 2000.0]))
    add("int floats 1e8", torch.tensor([100000000.0, 3.0]))
    add("int floats 123456789", torch.tensor([123456789.0]))
    add("int floats 1e20 f64", torch.tensor([1.0e20, 3.0], dtype=torch.float64))
    add("int floats 2-D", torch.tensor([[1.0, -2.0], [300.0, 4.0]]))
    add("zeros", torch.zeros(3))
    add("zeros 2-D", torch.zeros(2, 3))
    add("ones f64", torch.ones(2, 2, dtype=torch.float64))

    # Ties and rounding: PyTorch formats with Python's correctly rounded, half-even '{:.4f}'.
    add("ties", torch.tensor([0.03125, 1.03125, 0.96875, 2.5, 0.125, 1.00005, 0.00015, 0.99995]))
    add("ties sci", torch.tensor([1.03125e-5, 2.5, 1.0, 0.000125, 9.99995e-6]))
    add("rounding up to 10", torch.tensor([9.99996, 0.5]))
    add("rounding sci to 10", torch.tensor([9.99996e-5, 1.0]))
    add("extreme float64", torch.tensor([1e-300, 1e300, 5e-324, -2.5e-310], dtype=torch.float64))
    add("extreme float32", torch.tensor([1e-45, 3.4e38, -1e-40, 1.0]))
    add("huge ints float32", torch.tensor([3.0e38, 1.0]))
    add("huge ints int mode", torch.tensor([16777216.0, 99999999.0]))

    # Non-finite values and signed zeros.
    add("nan inf", torch.tensor([float("nan"), float("inf"), float("-inf"), 1.5]))
    add("nan only", torch.tensor([float("nan")]))
    add("inf ints", torch.tensor([float("inf"), 1.0, -2.0]))
    add("-inf sci", torch.tensor([float("-inf"), 1e-6, 1.0]))
    add("neg zero", torch.tensor([-0.0, 0.0]))
    add("neg zero with ints", torch.tensor([-0.0, 1.0, 20.0]))
    add("neg zero with fracs", torch.tensor([-0.0, 1.5]))
    add("neg zero sci", torch.tensor([-0.0, 1.5e-7]))
    add("nan 2-D", torch.tensor([[float("nan"), 1.25], [3.0, float("inf")]]))

    # int64 and bool.
    add("int64", torch.tensor([1, 2]))
    add("int64 big", torch.tensor([-5, 100000000000, 2**53]))
    add("int64 arange 40", torch.arange(40))
    add("int64 2-D", torch.tensor([[1, -20], [300, 4]]))
    add("int64 summarized", torch.arange(1001))
    add("int64 summarized 2-D", torch.arange(2000).reshape(40, 50))
    add("bool", torch.tensor([True, False]))
    add("bool 2-D", torch.tensor([[True, False, True], [False, False, True]]))
    add("bool long", torch.arange(30) % 3 == 0)
    add("bool summarized", torch.arange(1200) % 2 == 0)

    # float64.
    add("float64 frac", torch.tensor([1.5, -2.25], dtype=torch.float64))
    add("float64 leaf", torch.tensor([1.5, -2.25], dtype=torch.float64, requires_grad=True))
    add("float64 grad_fn", torch.tensor([1.5, -2.25], dtype=torch.float64, requires_grad=True).sum())
    add("float64 long", torch.randn(25, generator=g, dtype=torch.float64))

    # 0-d.
    for v in (3.5, -0.0, 0.0, 1e-8, 1e10, 123456.789, float("nan"), float("-inf"), 2.0, 0.1, 1.0 / 3.0):
        add(f"0-d float32 {v}", torch.tensor(v))
        add(f"0-d float64 {v}", torch.tensor(v, dtype=torch.float64))
    add("0-d int64", torch.tensor(3))
    add("0-d int64 neg", torch.tensor(-12345678901))
    add("0-d bool", torch.tensor(True))
    add("0-d bool false", torch.tensor(False))
    add("0-d leaf", torch.tensor(2.0, requires_grad=True))
    add("0-d grad_fn", torch.tensor(2.0, requires_grad=True) * 3)

    # Empty.
    add("empty", torch.tensor([]))
    add("empty 0x3", torch.zeros(0, 3))
    add("empty 2x0x3", torch.zeros(2, 0, 3))
    add("empty int64", torch.zeros(0, dtype=torch.int64))
    add("empty int64 3x0", torch.zeros(3, 0, dtype=torch.int64))
    add("empty bool", torch.zeros(0, dtype=torch.bool))
    add("empty float64", torch.zeros(0, dtype=torch.float64))
    add("empty leaf", torch.zeros(0, requires_grad=True))
    add("empty 0x3 leaf", torch.zeros(0, 3, requires_grad=True))

    # Shapes.
    for shape in ((2, 3, 4), (1, 1), (3, 1), (1, 3), (2, 1, 1), (2, 2, 2, 2), (1, 1, 1), (4, 1, 2)):
        v = torch.randn(*shape, generator=g)
        add(f"shape {shape}", v)
        add(f"shape {shape} ints", torch.arange(v.numel()).reshape(shape))
        add(f"shape {shape} leaf", v.clone().requires_grad_(True))

    # Summarized (numel > 1000).
    add("summarize 1-D 2000", torch.randn(2000, generator=g))
    add("summarize 1-D 1001", torch.randn(1001, generator=g))
    add("not summarized 1000", torch.randn(1000, generator=g))
    add("summarize 40x50", torch.randn(40, 50, generator=g))
    add("summarize 3x400", torch.randn(3, 400, generator=g))
    add("summarize 400x3", torch.randn(400, 3, generator=g))
    add("summarize 10x20x30", torch.randn(10, 20, 30, generator=g))
    add("summarize 7x7x7x7", torch.randn(7, 7, 7, 7, generator=g))
    add("summarize sci", torch.randn(40, 50, generator=g) * 1e5)
    add("summarize float64", torch.randn(1100, generator=g, dtype=torch.float64))
    add("summarize leaf", torch.randn(30, 40, generator=g).requires_grad_(True))
    add("summarize grad_fn", torch.randn(30, 40, generator=g).requires_grad_(True) * 2)
    add("summarize hidden wide middle", torch.cat([torch.ones(3), torch.full((1000,), 123456.75), torch.ones(3)]))

    # Wide rows wrapping at 80 columns, and suffixes wrapping onto their own line.
    for n in range(5, 16):
        v = torch.randn(n, generator=g)
        for suffix, t in with_grad(v):
            add(f"wrap n={n}{suffix}", t)
        add(f"wrap n={n} float64 leaf", v.double().requires_grad_(True))
    add("wrap 1000s", torch.randn(30, generator=g) * 1000)
    add("wrap rows 5x25", torch.randn(5, 25, generator=g))
    add("wrap rows 5x25 leaf", torch.randn(5, 25, generator=g).requires_grad_(True))
    add("wrap sci rows", torch.randn(3, 12, generator=g) * 1e-6)
    add("wrap float64 grad_fn", (torch.randn(12, generator=g, dtype=torch.float64).requires_grad_(True) * 2))

    # Print options.
    v = torch.randn(8, generator=g) * 1e3
    add("opts precision 2", v, {"precision": 2})
    add("opts precision 8", v, {"precision": 8})
    add("opts sci_mode False", torch.tensor([1e-6, 1.0, 1e6]), {"sci_mode": False})
    add("opts sci_mode True", torch.tensor([1.5, 2.0]), {"sci_mode": True})
    add("opts linewidth 40", torch.randn(20, generator=g), {"linewidth": 40})
    add("opts threshold 5", torch.arange(10.0), {"threshold": 5})
    add("opts edgeitems 1", torch.randn(20, 30, generator=g), {"edgeitems": 1})
    return out


def main():
    out = {"torch_version": torch.__version__, "cases": cases()}
    out["sizes"] = [{"shape": list(s), "str": str(torch.Size(s))} for s in ([], [5], [2, 3], [0, 3], [1, 1, 1])]
    out["dtypes"] = [{"dtype": n, "str": str(d)} for d, n in DTYPE_NAMES.items()]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "printing.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print("wrote", path, len(out["cases"]), "cases")


if __name__ == "__main__":
    main()
