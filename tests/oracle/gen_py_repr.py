"""Oracle for core/print/py_repr: CPython's repr/str of plain values and format() specs.

Run with /usr/bin/python3:
    /usr/bin/python3 tests/oracle/gen_py_repr.py
Writes tests/oracle/fixtures/py_repr.json. Doubles are written as their exact bit pattern
(hex of the IEEE-754 binary64) so NaN, infinities and -0.0 survive JSON.
"""
import json
import math
import os
import random
import struct
import sys

import torch


def bits(x):
    return struct.pack(">d", x).hex()


def float_cases():
    rnd = random.Random(20240601)
    xs = [0.0, -0.0, 1.0, -1.0, 1.5, 100.0, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, math.pi, math.e, 1e-8, 1e-5, 1e-4,
          1.5e-5, 0.0001234, 1e15, 1e16, 1e17, 1e22, 1e21, 1e23, 12345678901234567.0, 1234567890123456.0,
          9999999999999998.0, 123456789.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
          float("inf"), float("-inf"), float("nan"), 0.5, 2.5, 1e100, 1e-100, 123.456, -0.001, 4.35, 0.07]
    for _ in range(300):
        xs.append(struct.unpack(">d", struct.pack(">Q", rnd.getrandbits(64)))[0])
    for _ in range(300):
        xs.append(rnd.uniform(-1, 1) * 10.0 ** rnd.randint(-25, 25))
    for _ in range(200):
        xs.append(float(rnd.randint(-10**6, 10**6)) / 10 ** rnd.randint(0, 6))
    # float32 values seen as doubles: what item() of a float32 tensor returns.
    f32 = torch.tensor([0.1, 0.2, 1 / 3, 3.14159, 1e-8, 123.456, 2.5, 1e10, -7.77] +
                       [rnd.uniform(-100, 100) for _ in range(100)], dtype=torch.float32)
    xs.extend(float(v) for v in f32.tolist())
    return [{"bits": bits(x), "repr": repr(x), "str": str(x)} for x in xs]


FLOAT_SPECS = [".4f", ".2e", "8.3f", ">10", "<10", "^10", "=+10.2f", "+.3f", " .3f", "010.3f", "-08.2f",
               ",", ",.2f", "_.3f", "%", ".1%", "g", ".3g", ".10g", "#g", "#.3g", "G", "E", ".0f", ".0e",
               "#.0f", "#.0e", ".3", ".10", "10", "", "f", "e", ".12e", "*^12.3f", "x>9.1f", ".20f", ".17g",
               "z.2f", "+", "15,.3f", "_", ".2F"]
FLOAT_VALUES = [0.0, -0.0, 1.0, -1.5, 3.14159265358979, 1234567.891, 1e-7, 2.5e-5, 0.125, 0.03125, 1e16,
                1e22, 123.0, 12.0, 0.5, 2.5, 1.5, 99.995, -0.0001, 1e300, float("inf"), float("-inf"),
                float("nan"), 0.1, 1 / 3, 42.0, 1234.5]
INT_SPECS = ["d", "", ">6", "<6", "^7", "+d", " d", "06d", ",", "_", ",d", "x", "X", "#x", "b", "#b", "o",
             "#o", "_b", ".2f", "e", "%", "g", "10,", "=+8", "*<8"]
INT_VALUES = [0, 1, -1, 42, -42, 255, 1234567, -9876543210, 2**53]
STR_SPECS = ["", "s", ">8", "<8", "^9", ".2", "*^9.3", "08", "x<5"]
STR_VALUES = ["a", "hello", "", "tensor", "αβγ"]
BOOL_SPECS = ["", ">6", "d", "<5", ".2f", "s"]
ERROR_CASES = [(1.5, "d"), (1.5, "x"), (1, ".2"), (1, "s"), ("a", "d"), ("a", "+"), ("a", "="), (1.0, "q"),
               ("a", ","), (1, "z")]
STR_REPRS = ["a", "it's", 'say "hi"', "both ' and \"", "tab\there", "new\nline", "back\\slash", "",
             "\x00\x7f\x9f", "unicode é ü 中", "\u2028", "cr\r"]


def kind(v):
    return "bool" if isinstance(v, bool) else "int" if isinstance(v, int) else "float" if isinstance(v, float) else "str"


def enc(v):
    return {"kind": kind(v), "value": bits(v) if isinstance(v, float) else v}


def format_cases():
    out = []
    for specs, values in ((FLOAT_SPECS, FLOAT_VALUES), (INT_SPECS, INT_VALUES), (STR_SPECS, STR_VALUES),
                          (BOOL_SPECS, [True, False])):
        for spec in specs:
            for v in values:
                try:
                    out.append(dict(enc(v), spec=spec, out=format(v, spec)))
                except (ValueError, TypeError) as e:
                    out.append(dict(enc(v), spec=spec, error=type(e).__name__, message=str(e)))
    for v, spec in ERROR_CASES:
        try:
            out.append(dict(enc(v), spec=spec, out=format(v, spec)))
        except (ValueError, TypeError) as e:
            out.append(dict(enc(v), spec=spec, error=type(e).__name__, message=str(e)))
    return out


def main():
    out = {
        "python_version": sys.version.split()[0],
        "floats": float_cases(),
        "formats": format_cases(),
        "strings": [{"value": s, "repr": repr(s)} for s in STR_REPRS],
        "ints": [{"value": str(n), "repr": repr(n)} for n in (0, -1, 7, 2**53, -(2**53), 10**20)],
        "item": [{"bits": bits(torch.tensor(v).item()), "print": str(torch.tensor(v).item())} for v in (0.1, 0.2, 1e-8, 3.3, 2.0)],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "py_repr.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"), ensure_ascii=False)
        f.write("\n")
    print("wrote", path, len(out["floats"]), "floats", len(out["formats"]), "formats")


if __name__ == "__main__":
    main()
