"""Oracle for core/tensor/creation's range factories: torch.linspace and float
torch.arange, value for value, over many (start, end, steps) combinations.

Run with /usr/bin/python3 (Debian's python3-torch, PyTorch 1.13):
    /usr/bin/python3 tests/oracle/gen_linspace.py
Writes tests/oracle/fixtures/linspace.json. PyTorch's CPU kernel fills chunks
of two AVX2 vectors from a per-vector base and the tail one by one, so the
lengths cover both sides of the 16/8-element chunk and of the halfway switch.
"""
import os
import random

import torch

from common import num, write_json

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "linspace.json")

DTYPES = {"float32": torch.float32, "float64": torch.float64}

# Hand-picked: the corpus case, tiny and degenerate ranges, and lengths around 8/16/32.
LINSPACE = [
    (0, 1, 1001), (0, 1, 11), (-1, 1, 17), (0, 10, 50), (3.7, -2.2, 33), (-5, 5, 100),
    (0.1, 0.9, 16), (1, 2, 31), (-3, 7, 257), (0, 1, 2), (0, 1, 1), (0, 1, 0), (2.5, 2.5, 5),
    (0, 1e-3, 40), (-100, 1e4, 77), (0, 1, 15), (0, 1, 32), (0, 1, 33), (-2, 2, 8), (-2, 2, 9),
]
ARANGE = [
    (0, 1, 0.1), (0, 10, 0.3), (-1, 1, 0.01), (0.5, 7.3, 0.7), (0.0, 5.0, 1.0), (1.5, 100.0, 0.37),
    (-3.3, 2.2, 0.11), (0, 1, 1 / 3), (10.0, -3.0, -0.7),
]


def values(t):
    return [num(v) for v in t.tolist()]


def main():
    rng = random.Random(20240608)
    linspace = list(LINSPACE)
    for _ in range(60):
        linspace.append((rng.uniform(-50, 50), rng.uniform(-50, 50), rng.randint(2, 300)))
    arange = list(ARANGE)
    for _ in range(40):
        a = rng.uniform(-20, 20)
        step = rng.uniform(0.01, 2)
        arange.append((a, a + step * rng.randint(1, 200) + rng.random() * step, step))
    cases = []
    for dname, dtype in DTYPES.items():
        for start, end, steps in linspace:
            t = torch.linspace(start, end, steps, dtype=dtype)
            cases.append({"op": "linspace", "args": [start, end, steps], "dtype": dname, "data": values(t)})
        for start, end, step in arange:
            t = torch.arange(start, end, step, dtype=dtype)
            cases.append({"op": "arange", "args": [start, end, step], "dtype": dname, "data": values(t)})
    write_json(OUT, {"generator": "tests/oracle/gen_linspace.py", "torch_version": torch.__version__, "cases": cases})
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
