"""Oracle for core/random: what PyTorch's CPU generator gives, value for value.

Run with /usr/bin/python3 (Debian's python3-torch, PyTorch 1.13):
    /usr/bin/python3 tests/oracle/gen_random.py
Writes tests/oracle/fixtures/random.json. Values are written as Python floats:
float32 results as the exact double of the float32, so tests can compare bits.
"""
import json
import math
import os
import platform
import random
import struct

import torch

SEEDS = [0, 1, 42, 2**32 + 5, 2**63 + 12345, 67280421310721, -1]
SIZES = [1, 2, 3, 5, 15, 16, 17, 31, 32, 33, 100, 1000]
DTYPES = {"float32": torch.float32, "float64": torch.float64}


def values(t):
    return [float(v) for v in t.flatten().tolist()]


def single_draws():
    """Fresh seed, one call: every size and dtype through rand and randn."""
    cases = []
    for seed in SEEDS:
        for dname, dtype in DTYPES.items():
            for n in SIZES:
                for op in ("rand", "randn"):
                    torch.manual_seed(seed)
                    t = getattr(torch, op)(n, dtype=dtype)
                    cases.append({"seed": str(seed), "op": op, "n": n, "dtype": dname, "values": values(t)})
    return cases


# Each step is (op, numel, dtype, shape). The cached Box-Muller sample and the
# Mersenne Twister position must carry over from one call to the next.
SEQUENCES = [
    [("rand", 3, "float32"), ("randn", 3, "float32"), ("rand", 3, "float32")],
    [("randn", 1, "float32"), ("randn", 1, "float32"), ("randn", 1, "float32")],
    [("randn", 3, "float64"), ("randn", 1, "float64"), ("rand", 2, "float64")],
    [("randn", 5, "float32"), ("randn", 16, "float32"), ("randn", 1, "float32")],
    [("randn", 1, "float32"), ("rand", 1000, "float32"), ("randn", 1, "float64")],
    [("randn", 17, "float64"), ("randn", 3, "float32"), ("randn", 20, "float32"), ("rand", 5, "float64")],
    [("rand", 700, "float32"), ("randn", 300, "float32"), ("randn", 7, "float64"), ("rand", 3, "float32")],
    [("randn", 15, "float32"), ("randn", 15, "float64"), ("randn", 2, "float32")],
    [("randint", 5, "int64", 0, 10), ("rand", 2, "float32"), ("randint", 4, "int64", -3, 3)],
    [("randint", 6, "int64", 0, 2**40), ("randn", 2, "float32")],
    [("rand", 624, "float32"), ("rand", 3, "float32")],
]


def run_step(step):
    op, n, dname = step[0], step[1], step[2]
    if op == "randint":
        low, high = step[3], step[4]
        t = torch.randint(low, high, (n,))
        return {"op": op, "n": n, "dtype": dname, "low": low, "high": high, "values": [int(v) for v in t.tolist()]}
    t = getattr(torch, op)(n, dtype=DTYPES[dname])
    return {"op": op, "n": n, "dtype": dname, "values": values(t)}


def sequences():
    cases = []
    for seed in (0, 7, 2**32 + 5):
        for seq in SEQUENCES:
            torch.manual_seed(seed)
            cases.append({"seed": str(seed), "steps": [run_step(s) for s in seq]})
    return cases


def shaped_and_like():
    """Shaped draws and *_like draws consume the generator as a flat draw of numel."""
    cases = []
    for seed in (0, 3):
        for shape in ([2, 3], [4, 4], [3, 5, 2], [1, 16], [2, 2]):
            for dname, dtype in DTYPES.items():
                for op in ("rand", "randn", "rand_like", "randn_like"):
                    torch.manual_seed(seed)
                    if op.endswith("_like"):
                        proto = torch.zeros(*shape, dtype=dtype)
                        t = getattr(torch, op)(proto)
                    else:
                        t = getattr(torch, op)(*shape, dtype=dtype)
                    numel = 1
                    for s in shape:
                        numel *= s
                    cases.append({"seed": str(seed), "op": op, "shape": shape, "numel": numel, "dtype": dname, "values": values(t)})
    return cases


def seeds():
    out = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        out.append({"seed": str(seed), "initial_seed": str(torch.initial_seed())})
    return out


def docs():
    torch.manual_seed(0)
    rand5 = repr(torch.rand(5))
    torch.manual_seed(0)
    randn3 = repr(torch.randn(3))
    fresh = torch.Generator()  # never seeded: PyTorch's default_rng_seed_val
    return {
        "rand5_seed0": rand5,
        "randn3_seed0": randn3,
        "fresh_generator_seed": str(fresh.initial_seed()),
        "fresh_generator_rand4": values(torch.rand(4, generator=fresh)),
    }


def libm():
    """glibc's log/sin/cos (what PyTorch's Box-Muller calls), through Python's math module,
    which calls the same libm. Bits as hex so every last bit is compared."""
    rnd = random.Random(99)
    bits = lambda x: struct.pack(">d", x).hex()
    us = [rnd.getrandbits(53) / 2**53 for _ in range(3000)]
    log_in = [1.0 - u for u in us] + [u for u in us[:500] if u > 0]
    log_in += [1.0 + rnd.uniform(-0.07, 0.07) for _ in range(500)] + [5e-324, 1e-310, 2.2250738585072014e-308, 1e-300,
                                                                      1e300, 1.0, 0.9375, 1.0646972656249998, 2.0, 0.5]
    ang = [2.0 * math.pi * u for u in us] + [rnd.uniform(-1, 1) * 10.0 ** rnd.randint(-9, 6) for _ in range(1000)]
    ang += [0.0, 1e-9, 0.126, 0.855469, 2.426265, math.pi, 2 * math.pi, -3.0, 1e5 + 0.5]
    return {
        "log": [[bits(x), bits(math.log(x))] for x in log_in],
        "sin": [[bits(x), bits(math.sin(x))] for x in ang],
        "cos": [[bits(x), bits(math.cos(x))] for x in ang],
    }


def main():
    out = {
        "torch_version": torch.__version__,
        "cpu_capability": torch.__config__.show().split("CPU capability usage: ")[1].split("\n")[0].strip(),
        "machine": platform.machine(),
        "seeds": seeds(),
        "single": single_draws(),
        "sequences": sequences(),
        "shaped": shaped_and_like(),
        "docs": docs(),
        "libm": libm(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "random.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
