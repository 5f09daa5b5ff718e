"""Oracle for core/tensor/strides: the strides PyTorch gives each result of a
chain of views and elementwise ops, whether it is contiguous, whether view()
works, and which grad_fn reshape() records.

Run with /usr/bin/python3 (Debian's python3-torch, PyTorch 1.13):
    /usr/bin/python3 tests/oracle/gen_strides.py
Writes tests/oracle/fixtures/strides.json. Each chain starts from
arange(numel).reshape(shape) requiring grad; each step records the result's
shape, strides, is_contiguous(), grad_fn and next_functions names (2.x names),
or the error it raises.
"""
import os

import torch

from common import grad_fn_name, install_torch2x, write_json

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "strides.json")

# Each step: [op, *args]. Ops are applied to the previous result.
CHAINS = [
    ([2, 3], [["t"], ["view", [6]]]),
    ([2, 3], [["t"], ["reshape", [6]]]),
    ([2, 3], [["t"], ["reshape", [3, 2]]]),
    ([2, 3], [["t"], ["flatten"]]),
    ([2, 3], [["t"], ["contiguous"], ["view", [6]]]),
    ([2, 3], [["contiguous"]]),
    ([2, 3], [["t"], ["clone"], ["reshape", [6]]]),
    ([2, 3], [["t"], ["t"], ["view", [6]]]),
    ([2, 3], [["t"], ["mul", 2.0], ["view", [6]]]),
    ([2, 3], [["t"], ["rmul", 2.0], ["reshape", [6]]]),
    ([2, 3], [["t"], ["add_ones_right"], ["reshape", [6]]]),
    ([2, 3], [["t"], ["add_ones_left"], ["view", [6]]]),
    ([2, 3], [["t"], ["add_row"], ["reshape", [6]]]),
    ([2, 3], [["t"], ["exp"], ["reshape", [6]]]),
    ([2, 3], [["t"], ["neg"], ["view", [3, 2]]]),
    ([2, 3], [["t"], ["sigmoid"], ["sum", 0]]),
    ([2, 3], [["T"], ["view", [6]]]),
    ([3, 4], [["index", [None, 1]], ["view", [3]]]),
    ([3, 4], [["index", [None, 1]], ["exp"], ["view", [3]]]),
    ([3, 4], [["index", [1]], ["view", [2, 2]]]),
    ([3, 4], [["index", [[None, None, 2]]], ["view", [8]]]),
    ([3, 4], [["index", [[None, None, 2]]], ["reshape", [8]]]),
    ([3, 4], [["index", [None, [None, None, 2]]], ["view", [6]]]),
    ([3, 4], [["index", [None, [None, None, 2]]], ["reshape", [6]]]),
    ([3, 4], [["index", [None, [1, 3, None]]], ["reshape", [6]]]),
    ([3, 4], [["index", [[0, 1, None]]], ["view", [4]]]),
    ([2, 3, 4], [["permute", [2, 0, 1]], ["reshape", [4, 6]]]),
    ([2, 3, 4], [["permute", [2, 0, 1]], ["view", [4, 6]]]),
    ([2, 3, 4], [["transpose", 0, 1], ["reshape", [3, 8]]]),
    ([2, 3, 4], [["transpose", 0, 1], ["view", [3, 2, 2, 2]]]),
    ([2, 3, 4], [["transpose", 1, 2], ["view", [2, 12]]]),
    ([2, 3, 4], [["transpose", 0, 2], ["unsqueeze", 1], ["squeeze", 1], ["view", [24]]]),
    ([2, 3], [["t"], ["unsqueeze", 0], ["view", [3, 2]]]),
    ([2, 3], [["t"], ["unsqueeze", 2], ["reshape", [6]]]),
    ([2, 1, 3], [["squeeze"], ["t"], ["view", [6]]]),
    ([2, 1, 3], [["transpose", 0, 2], ["squeeze", 1], ["view", [6]]]),
    ([1, 3], [["t"], ["view", [3]]]),
    ([3, 1], [["t"], ["view", [3]]]),
    ([2, 3], [["t"], ["matmul_left"], ["view", [4]]]),
    ([4], [["unsqueeze", 1], ["t"], ["view", [4]]]),
    ([2, 3], [["t"], ["sum", 1], ["view", [3]]]),
]


def step(x, op):
    name, args = op[0], op[1:]
    if name == "index":
        items = tuple(slice(*i) if isinstance(i, list) else (slice(None) if i is None else i) for i in args[0])
        return x[items]
    if name in ("view", "reshape"):
        return getattr(x, name)(*args[0])
    if name == "mul":
        return x * args[0]
    if name == "rmul":
        return args[0] * x
    if name == "add_ones_right":
        return x + torch.ones(x.shape)
    if name == "add_ones_left":
        return torch.ones(x.shape) + x
    if name == "add_row":
        return x + torch.ones(x.shape[-1])
    if name == "matmul_left":
        return torch.ones(2, x.shape[0]) @ x
    if name == "T":
        return x.T
    if name == "permute":
        return x.permute(*args[0])
    return getattr(x, name)(*args)


def record(t):
    return {
        "shape": list(t.shape),
        "strides": list(t.stride()),
        "is_contiguous": t.is_contiguous(),
        "grad_fn": grad_fn_name(t.grad_fn),
        "next": [grad_fn_name(f) for f, _ in t.grad_fn.next_functions] if t.grad_fn is not None else None,
    }


def main():
    install_torch2x()
    chains = []
    for shape, ops in CHAINS:
        n = 1
        for s in shape:
            n *= s
        x = torch.arange(float(n)).reshape(shape).detach().requires_grad_()
        results = []
        for op in ops:
            try:
                x = step(x, op)
            except RuntimeError as e:
                results.append({"error": str(e)})
                break
            results.append(record(x))
        chains.append({"shape": shape, "ops": ops, "results": results})
    write_json(OUT, {"generator": "tests/oracle/gen_strides.py", "torch_version": torch.__version__, "chains": chains})
    print(f"wrote {len(chains)} chains to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
