"""Engine-level oracle: runs one-call op cases and short multi-step scenarios
through real PyTorch (with the 2.x adjustments of common.py) and writes
tests/oracle/fixtures/ops.json. Run: /usr/bin/python3 tests/oracle/gen_ops.py

The spec language (fn names, argument encoding) is documented in
tests/oracle/README.md; the case list is at the end of this file.
"""

import contextlib
import operator
import os
import sys
import warnings

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "ops.json")

BINARY = {
    "op:+": operator.add, "op:-": operator.sub, "op:*": operator.mul,
    "op:/": operator.truediv, "op:**": operator.pow, "op:@": operator.matmul,
    "op:==": operator.eq, "op:!=": operator.ne, "op:<": operator.lt,
    "op:<=": operator.le, "op:>": operator.gt, "op:>=": operator.ge,
}
ATTRIBUTES = {".T", ".grad", ".requires_grad", ".is_leaf", ".grad_fn", ".shape", ".dtype"}


def decode(arg, env):
    if isinstance(arg, str):
        return env[arg[1:]] if arg.startswith("$") else arg
    if arg is None:
        return None
    if isinstance(arg, list):
        return tuple(decode(a, env) for a in arg)
    if isinstance(arg, dict):
        if "int" in arg:
            return int(arg["int"])
        if "float" in arg:
            return float(arg["float"])
        if "bool" in arg:
            return bool(arg["bool"])
        if "dtype" in arg:
            return common.DTYPES[arg["dtype"]]
        if "slice" in arg:
            return slice(*arg["slice"])
    raise ValueError(f"cannot decode argument {arg!r}")


SPECIAL = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")}


def encode_spec(spec):
    """An input spec as JSON: nan/inf data become strings like everywhere else."""
    data = spec["data"] if isinstance(spec["data"], list) else [spec["data"]]  # always flat
    return dict(spec, data=[common.num(v) for v in data])


def make_input(spec):
    data = spec["data"]
    data = [SPECIAL.get(v, v) for v in data] if isinstance(data, list) else SPECIAL.get(data, data)
    # clone: the input must be a true leaf, not a view of the flat tensor.
    t = torch.tensor(data, dtype=common.DTYPES[spec["dtype"]]).reshape(spec["shape"]).clone()
    if spec.get("requires_grad"):
        t.requires_grad_()
    return t


def call(fn, args, kwargs):
    if fn in BINARY:
        return BINARY[fn](*args)
    if fn == "op:neg":
        return -args[0]
    if fn == "op:index":
        return args[0][args[1]]
    if fn in ATTRIBUTES:
        return getattr(args[0], fn[1:])
    if fn.startswith("."):
        return getattr(args[0], fn[1:])(*args[1:], **kwargs)
    if fn.startswith("F."):
        return getattr(F, fn[2:])(*args, **kwargs)
    target = torch
    for part in fn.split("."):
        target = getattr(target, part)
    return target(*args, **kwargs)


def error_record(e):
    return {"type": type(e).__name__, "message": str(e)}


def value(v):
    """Record any result: tensors in full, everything else as {"python": ...}."""
    if isinstance(v, torch.Tensor):
        return common.tensor_full(v)
    if isinstance(v, tuple) and v and all(isinstance(x, torch.Tensor) for x in v):
        return {"tuple": [common.tensor_full(x) for x in v]}
    return {"python": common.value_record(v)}


def grads_of(env, names):
    out = {}
    for n in names:
        t = env[n]
        out[n] = None if t.grad is None else common.tensor_values(t.grad)
    return out


def pattern(n, offset):
    """Deterministic, exactly representable upstream gradients."""
    return [((i * 7 + offset) % 9 - 4) * 0.25 + 0.125 for i in range(n)]


def make_grad_output(spec, out):
    if spec == "auto":
        return None if out.dim() == 0 else {
            "data": pattern(out.numel(), 3), "shape": list(out.shape), "dtype": common.dtype_name(out.dtype)}
    return spec  # explicit (possibly mis-shaped, for error cases) or None


@contextlib.contextmanager
def recording_warnings(sink):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        sink.append({"category": w.category.__name__, "message": common.normalize_warning(str(w.message))})


def run_case(case):
    rec = {k: case[k] for k in ("name", "fn", "args", "kwargs")}
    rec["inputs"] = {n: encode_spec(v) for n, v in case["inputs"].items()}
    if "seed" in case:
        rec["seed"] = case["seed"]
        torch.manual_seed(case["seed"])
    env = {n: make_input(s) for n, s in case["inputs"].items()}
    caught = []
    common.take_adjustments()
    try:
        with recording_warnings(caught):
            out = call(case["fn"], [decode(a, env) for a in case["args"]],
                       {k: decode(v, env) for k, v in case["kwargs"].items()})
    except Exception as e:  # the oracle records whatever PyTorch raises
        rec.update({"error": error_record(e), "phase": "forward"})
        return rec
    rec["output"] = value(out)
    if isinstance(out, torch.Tensor) and out.requires_grad:
        grad_spec = make_grad_output(case.get("grad_output", "auto"), out)
        rec["grad_output"] = grad_spec
        try:
            with recording_warnings(caught):
                if grad_spec is None:
                    out.backward()
                else:
                    out.backward(make_input(grad_spec))
        except Exception as e:
            rec.update({"error": error_record(e), "phase": "backward"})
            return rec
        rec["grads"] = grads_of(env, case["inputs"].keys())
    if caught:
        rec["warnings"] = caught
    adjusted = common.take_adjustments()
    if adjusted:
        rec["torch_2x_adjustments"] = adjusted
    return rec


def run_scenario(sc):
    rec = {"name": sc["name"], "inputs": {n: encode_spec(v) for n, v in sc["inputs"].items()},
           "steps": sc["steps"], "results": []}
    env = {n: make_input(s) for n, s in sc["inputs"].items()}
    leaves = list(sc["inputs"].keys())
    common.take_adjustments()
    for step in sc["steps"]:
        result = {}
        caught = []
        mode = torch.no_grad() if step.get("no_grad") else contextlib.nullcontext()
        try:
            with recording_warnings(caught), mode:
                if "backward" in step:
                    g = step.get("gradient")
                    env[step["backward"][1:]].backward(None if g is None else make_input(g),
                                                       retain_graph=step.get("retain_graph"))
                    result["grads"] = grads_of(env, leaves)
                elif "set" in step:
                    attr, target, v = step["set"]
                    setattr(decode(target, env), attr, decode(v, env))
                    result["ok"] = True
                else:
                    v = call(step["fn"], [decode(a, env) for a in step["args"]],
                             {k: decode(x, env) for k, x in step.get("kwargs", {}).items()})
                    if "let" in step:
                        env[step["let"]] = v
                    result["value"] = None if v is None else value(v)
        except Exception as e:
            result["error"] = error_record(e)
        if caught:
            result["warnings"] = caught
        rec["results"].append(result)
        if "error" in result:
            break
    rec["final"] = {n: {"value": common.tensor_full(env[n]),
                        "grad": None if env[n].grad is None else common.tensor_values(env[n].grad)}
                    for n in leaves}
    adjusted = common.take_adjustments()
    if adjusted:
        rec["torch_2x_adjustments"] = adjusted
    return rec


def check_adjusted(case, rec):
    """An adjustment may change grad_fn names only: values and grads must match 1.13."""
    with common.torch_1_13():
        native = run_case(case)
    for key in ("output", "grads"):
        ours, theirs = rec.get(key), native.get(key)
        if key == "output":
            ours, theirs = ours["data"], theirs["data"]
        if ours != theirs:
            raise SystemExit(f"{case['name']}: 2.x adjustment changed {key}")
    expected = {a["torch_1_13"] for a in rec["torch_2x_adjustments"]}
    if native["output"]["grad_fn"] not in expected:
        raise SystemExit(f"{case['name']}: 1.13 grad_fn {native['output']['grad_fn']} not in {expected}")


def main():
    common.install_torch2x()
    names = [c["name"] for c in CASES] + [s["name"] for s in SCENARIOS]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SystemExit(f"duplicate case names: {dupes}")
    doc = {
        "generator": "tests/oracle/gen_ops.py",
        "torch_version": common.TORCH_VERSION,
        "torch_2x_adjustments": [
            "scalar ** tensor goes through torch.pow(scalar, tensor) as in 2.x: PowBackward2 (1.13: PowBackward1)",
            "reshape of a viewable tensor goes through view as in 2.x: ViewBackward0 (1.13: ReshapeAliasBackward0)",
            "F.sigmoid / F.tanh are 2.x's plain input.sigmoid() / input.tanh() (1.13 adds a deprecation UserWarning)",
            "in-place squeeze_(dim), e.g. inside 1-D @ 2-D matmul, is renamed SqueezeBackward4 (1.13: SqueezeBackward3)",
        ],
        "cases": [],
        "scenarios": [],
    }
    doc["scenarios"] = [run_scenario(s) for s in SCENARIOS]
    for c in CASES:
        rec = run_case(c)
        if "torch_2x_adjustments" in rec:
            check_adjusted(c, rec)
        doc["cases"].append(rec)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    common.write_json(OUT, doc)
    print(f"wrote {os.path.relpath(OUT)}: {len(doc['cases'])} cases, {len(doc['scenarios'])} scenarios")


# ---------------------------------------------------------------- cases
def I(n):
    return {"int": n}


def Fl(x):
    return {"float": float(x)}


def B(b):
    return {"bool": b}


def D(name):
    return {"dtype": name}


def S(start=None, stop=None, step=None):
    return {"slice": [start, stop, step]}


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def vals(shape, kind="any", off=0):
    """Deterministic quarter-step values; kind: any (may be 0), nz (no 0), pos (> 0)."""
    out = []
    for i in range(numel(shape)):
        k = (i * 37 + 11 + off * 5) % 23 - 11
        if kind == "pos":
            out.append(abs(k) * 0.25 + 0.5)
        elif kind == "nz":
            out.append((k if k != 0 else 3) * 0.25)
        else:
            out.append(k * 0.25)
    return out


def T(shape, kind="any", off=0, dtype="float32", rg=True, data=None):
    if data is None:
        data = vals(shape, kind, off)
        if dtype == "int64":
            data = [int(v * 4) % 7 - 3 for v in data]
        elif dtype == "bool":
            data = [int(v * 4) % 2 == 0 for v in data]
    return {"data": data, "shape": list(shape), "dtype": dtype,
            "requires_grad": rg and dtype in ("float32", "float64")}


CASES = []


def case(name, fn, args, inputs=None, kwargs=None, **extra):
    c = {"name": name, "fn": fn, "args": args, "kwargs": kwargs or {}, "inputs": inputs or {}}
    c.update(extra)
    CASES.append(c)


def ab(sa, sb, kind_b="any", rg_b=True):
    return {"a": T(sa, "any", 0), "b": T(sb, kind_b, 1, rg=rg_b)}


def shape_name(s):
    return "x".join(map(str, s)) if s else "0d"


# --- binary arithmetic, broadcasting
BINOPS = [("add", "op:+"), ("sub", "op:-"), ("mul", "op:*"), ("div", "op:/")]
PAIRS = [((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((4, 1, 3), (2, 3)), ((), (4,)), ((4,), ())]
for opname, fn in BINOPS:
    kind_b = "nz" if opname == "div" else "any"
    for sa, sb in PAIRS:
        case(f"{opname}_broadcast_{shape_name(sa)}_{shape_name(sb)}", fn, ["$a", "$b"], ab(sa, sb, kind_b))
    case(f"{opname}_b_no_grad", fn, ["$a", "$b"], ab((2, 3), (2, 3), kind_b, rg_b=False))
    case(f"torch_{opname}_2x3_3", opname, ["$a", "$b"], ab((2, 3), (3,), kind_b))
    case(f"method_{opname}_2x3_3", "." + opname, ["$a", "$b"], ab((2, 3), (3,), kind_b))
    for tag, s in (("int", I(2)), ("float", Fl(2.5))):
        case(f"{opname}_tensor_{tag}_scalar", fn, ["$x", s], {"x": T((3,), "any")})
        case(f"{opname}_{tag}_scalar_tensor", fn, [s, "$x"], {"x": T((3,), "nz")})
case("rsub_5_minus_x", "op:-", [I(5), "$x"], {"x": T((4,))})
case("rdiv_2_over_x", "op:/", [I(2), "$x"], {"x": T((4,), "nz")})
case("add_alpha", "add", ["$a", "$b"], ab((3,), (3,)), kwargs={"alpha": I(2)})
case("neg", "op:neg", ["$x"], {"x": T((2, 3))})
case("torch_neg", "neg", ["$x"], {"x": T((3,))})

# --- pow
for tag, e in (("2", I(2)), ("2_0", Fl(2.0)), ("3", I(3)), ("half", Fl(0.5)), ("minus1", I(-1)),
               ("0", I(0)), ("minus_half", Fl(-0.5))):
    kind = "pos" if tag in ("half", "minus_half") else ("nz" if tag == "minus1" else "any")
    case(f"pow_tensor_scalar_{tag}", "op:**", ["$x", e], {"x": T((2, 3), kind)})
case("pow_half_at_zero", "op:**", ["$x", Fl(0.5)], {"x": T((3,), data=[0.0, 1.0, 4.0])})
case("pow_method", ".pow", ["$x", I(2)], {"x": T((3,))})
case("torch_pow_tensor_scalar", "pow", ["$x", I(3)], {"x": T((3,))})
case("pow_tensor_tensor", "op:**", ["$a", "$b"], {"a": T((3,), "pos"), "b": T((3,), "any", 1)})
case("pow_tensor_tensor_broadcast", "op:**", ["$a", "$b"], {"a": T((2, 3), "pos"), "b": T((3,), "any", 1)})
case("pow_scalar_int_tensor", "op:**", [I(2), "$x"], {"x": T((4,))})
case("pow_scalar_float_tensor", "op:**", [Fl(2.5), "$x"], {"x": T((4,))})
case("torch_pow_scalar_tensor", "pow", [I(2), "$x"], {"x": T((4,))})

# --- elementwise functions, as torch.X and as methods
UNARY = {"exp": "any", "log": "pos", "sqrt": "pos", "abs": "any", "sin": "any", "cos": "any",
         "tanh": "any", "sigmoid": "any", "relu": "any"}
for name, kind in UNARY.items():
    case(f"torch_{name}", name, ["$x"], {"x": T((2, 3), kind)})
    case(f"method_{name}", "." + name, ["$x"], {"x": T((4,), kind, 2)})
case("abs_relu_at_zero_abs", "abs", ["$x"], {"x": T((3,), data=[-1.0, 0.0, 2.0])})
case("abs_relu_at_zero_relu", "relu", ["$x"], {"x": T((3,), data=[-1.0, 0.0, 2.0])})
case("log_of_zero_and_negative", "log", ["$x"], {"x": T((3,), data=[0.0, -1.0, 1.0])})
case("sqrt_of_negative", "sqrt", ["$x"], {"x": T((2,), data=[-1.0, 4.0])})
case("exp_float64", "exp", ["$x"], {"x": T((3,), dtype="float64")})
case("sqrt_int", "sqrt", ["$x"], {"x": T((3,), dtype="int64", data=[1, 4, 9])})

# --- linear algebra
case("matmul_op_mm_3x2_2x4", "op:@", ["$a", "$b"], {"a": T((3, 2)), "b": T((2, 4), off=1)})
case("matmul_mm_3x2_2x4", "matmul", ["$a", "$b"], {"a": T((3, 2)), "b": T((2, 4), off=1)})
case("mm_3x2_2x4", "mm", ["$a", "$b"], {"a": T((3, 2)), "b": T((2, 4), off=1)})
case("method_mm", ".mm", ["$a", "$b"], {"a": T((3, 2)), "b": T((2, 4), off=1)})
case("matmul_op_mv", "op:@", ["$a", "$b"], {"a": T((2, 3)), "b": T((3,), off=1)})
case("mv_2x3_3", "mv", ["$a", "$b"], {"a": T((2, 3)), "b": T((3,), off=1)})
case("matmul_op_dot", "op:@", ["$a", "$b"], {"a": T((3,)), "b": T((3,), off=1)})
case("dot_3", "dot", ["$a", "$b"], {"a": T((3,)), "b": T((3,), off=1)})
case("matmul_op_1d_2d", "op:@", ["$a", "$b"], {"a": T((3,)), "b": T((3, 2), off=1)})
case("matmul_op_2d_1d", "op:@", ["$a", "$b"], {"a": T((3, 2)), "b": T((2,), off=1)})
case("matmul_batched_3d_2d", "op:@", ["$a", "$b"], {"a": T((2, 3, 4)), "b": T((4, 2), off=1)})
case("matmul_batched_3d_3d", "matmul", ["$a", "$b"], {"a": T((2, 3, 4)), "b": T((2, 4, 2), off=1)})
case("matmul_b_no_grad", "op:@", ["$a", "$b"], {"a": T((3, 2)), "b": T((2, 4), off=1, rg=False)})
case("matmul_float64", "op:@", ["$a", "$b"], {"a": T((2, 2), dtype="float64"), "b": T((2, 2), off=1, dtype="float64")})
case("matmul_int64", "op:@", ["$a", "$b"], {"a": T((2, 2), dtype="int64"), "b": T((2, 2), off=1, dtype="int64")})
case("t_method_2d", ".t", ["$x"], {"x": T((2, 3))})
case("t_method_1d", ".t", ["$x"], {"x": T((3,))})
case("torch_t", "t", ["$x"], {"x": T((2, 3))})
case("T_attribute_2d", ".T", ["$x"], {"x": T((2, 3))})
case("transpose_0_1", ".transpose", ["$x", I(0), I(1)], {"x": T((2, 3))})
case("torch_transpose_neg", "transpose", ["$x", I(-1), I(0)], {"x": T((2, 3))})
case("transpose_3d_0_2", ".transpose", ["$x", I(0), I(2)], {"x": T((2, 3, 4))})

# --- shape
case("view_3_2", ".view", ["$x", I(3), I(2)], {"x": T((2, 3))})
case("view_tuple", ".view", ["$x", [I(6)]], {"x": T((2, 3))})
case("view_minus1", ".view", ["$x", I(-1)], {"x": T((2, 3))})
case("view_minus1_2", ".view", ["$x", I(-1), I(2)], {"x": T((2, 3))})
case("reshape_3_2", ".reshape", ["$x", I(3), I(2)], {"x": T((2, 3))})
case("reshape_tuple", ".reshape", ["$x", [I(1), I(6)]], {"x": T((2, 3))})
case("torch_reshape", "reshape", ["$x", [I(-1)]], {"x": T((2, 3))})
case("reshape_no_grad_input", ".reshape", ["$x", I(3), I(2)], {"x": T((2, 3), rg=False)})
case("unsqueeze_0", ".unsqueeze", ["$x", I(0)], {"x": T((3,))})
case("unsqueeze_minus1", ".unsqueeze", ["$x", I(-1)], {"x": T((2, 3))})
case("torch_unsqueeze_1", "unsqueeze", ["$x", I(1)], {"x": T((3,))})
case("squeeze_all", ".squeeze", ["$x"], {"x": T((1, 3, 1))})
case("squeeze_dim0", ".squeeze", ["$x", I(0)], {"x": T((1, 3, 1))})
case("squeeze_dim_not_1", ".squeeze", ["$x", I(1)], {"x": T((1, 3, 1))})
case("squeeze_dim_minus1", ".squeeze", ["$x", I(-1)], {"x": T((1, 3, 1))})
case("clone", ".clone", ["$x"], {"x": T((2, 3))})
case("torch_clone", "clone", ["$x"], {"x": T((3,))})
case("detach", ".detach", ["$x"], {"x": T((3,))})

# --- reductions
for red in ("sum", "mean"):
    case(f"{red}_all", "." + red, ["$x"], {"x": T((2, 3))})
    case(f"torch_{red}_all", red, ["$x"], {"x": T((2, 3))})
    case(f"{red}_dim0", "." + red, ["$x", I(0)], {"x": T((2, 3))})
    case(f"{red}_dim1", "." + red, ["$x", I(1)], {"x": T((2, 3))})
    case(f"{red}_dim_minus1", "." + red, ["$x", I(-1)], {"x": T((2, 3))})
    case(f"{red}_dim0_keepdim", "." + red, ["$x", I(0)], {"x": T((2, 3))}, kwargs={"keepdim": B(True)})
    case(f"{red}_dim_kw_keepdim", "." + red, ["$x"], {"x": T((2, 3))}, kwargs={"dim": I(1), "keepdim": B(True)})
    case(f"{red}_dims_tuple", "." + red, ["$x", [I(0), I(2)]], {"x": T((2, 3, 2))})
    case(f"{red}_3d_dim1", "." + red, ["$x", I(1)], {"x": T((2, 3, 2))})
    case(f"{red}_0d", "." + red, ["$x"], {"x": T(())})
case("sum_int64", ".sum", ["$x"], {"x": T((4,), dtype="int64")})
case("sum_bool", ".sum", ["$x"], {"x": T((4,), dtype="bool")})
case("mean_int64_error", ".mean", ["$x"], {"x": T((4,), dtype="int64")})
case("mean_float64", ".mean", ["$x"], {"x": T((4,), dtype="float64")})
case("sum_dim_out_of_range", ".sum", ["$x", I(2)], {"x": T((2, 3))})
case("max_all", ".max", ["$x"], {"x": T((2, 3))})
case("max_ties_two", ".max", ["$x"], {"x": T((4,), data=[1.0, 3.0, 3.0, 2.0])})
case("max_ties_three_2d", "max", ["$x"], {"x": T((2, 3), data=[5.0, -1.0, 5.0, 0.0, 5.0, 2.0])})
case("max_int64", ".max", ["$x"], {"x": T((4,), dtype="int64")})

# --- indexing
case("index_int", "op:index", ["$x", I(1)], {"x": T((4,))})
case("index_negative", "op:index", ["$x", I(-1)], {"x": T((4,))})
case("index_slice_1_3", "op:index", ["$x", S(1, 3)], {"x": T((5,))})
case("index_slice_step2", "op:index", ["$x", S(None, None, 2)], {"x": T((5,))})
case("index_slice_negative_start", "op:index", ["$x", S(-2, None)], {"x": T((5,))})
case("index_slice_full", "op:index", ["$x", S()], {"x": T((3,))})
case("index_slice_out_of_range_clamped", "op:index", ["$x", S(2, 10)], {"x": T((4,))})
case("index_2d_row", "op:index", ["$x", I(0)], {"x": T((3, 4))})
case("index_2d_column", "op:index", ["$x", [S(), I(1)]], {"x": T((3, 4))})
case("index_2d_rows_1_3", "op:index", ["$x", S(1, 3)], {"x": T((3, 4))})
case("index_2d_element", "op:index", ["$x", [I(1), I(2)]], {"x": T((3, 4))})
case("index_2d_neg_row_step_cols", "op:index", ["$x", [I(-1), S(None, None, 2)]], {"x": T((3, 4))})
case("index_3d_mixed", "op:index", ["$x", [S(None, 1), I(2)]], {"x": T((2, 3, 2))})
case("index_0d_result_int", "op:index", ["$x", I(2)], {"x": T((4,), dtype="int64")})
case("index_out_of_bounds", "op:index", ["$x", I(5)], {"x": T((3,))})
case("index_too_many", "op:index", ["$x", [I(0), I(0)]], {"x": T((3,))})

# --- comparisons
CMPS = [("eq", "op:=="), ("ne", "op:!="), ("lt", "op:<"), ("le", "op:<="), ("gt", "op:>"), ("ge", "op:>=")]
for name, fn in CMPS:
    data_a, data_b = [1.0, 2.0, 3.0, -1.0], [1.0, 3.0, 2.0, -1.0]
    case(f"cmp_{name}_tensor", fn, ["$a", "$b"], {"a": T((4,), data=data_a), "b": T((4,), data=data_b)})
    case(f"cmp_{name}_scalar", fn, ["$a", Fl(2.0)], {"a": T((4,), data=data_a)})
case("cmp_eq_broadcast", "op:==", ["$a", "$b"], {"a": T((2, 1), data=[1.0, 2.0]), "b": T((3,), data=[1.0, 2.0, 3.0])})
case("cmp_eq_int_float", "op:==", ["$a", "$b"], {"a": T((3,), dtype="int64", data=[1, 2, 3]),
                                                "b": T((3,), data=[1.0, 2.5, 3.0])})
case("cmp_lt_int_scalar", "op:<", ["$a", I(2)], {"a": T((3,), dtype="int64", data=[1, 2, 3])})
case("cmp_eq_bool", "op:==", ["$a", "$b"], {"a": T((2,), dtype="bool", data=[True, False]),
                                            "b": T((2,), dtype="bool", data=[True, True])})
case("torch_eq", "eq", ["$a", "$b"], {"a": T((2,), data=[1.0, 2.0]), "b": T((2,), data=[1.0, 0.0])})
case("allclose_true", "allclose", ["$a", "$b"], {"a": T((3,), data=[1.0, 2.0, 3.0]),
                                                 "b": T((3,), data=[1.0, 2.0, 3.00000001])})
case("allclose_false", "allclose", ["$a", "$b"], {"a": T((3,), data=[1.0, 2.0, 3.0]),
                                                  "b": T((3,), data=[1.0, 2.0, 3.001])})
case("allclose_atol", "allclose", ["$a", "$b"], {"a": T((2,), data=[1.0, 2.0]), "b": T((2,), data=[1.05, 2.0])},
     kwargs={"atol": Fl(0.1)})
case("allclose_broadcast", "allclose", ["$a", "$b"], {"a": T((2, 2), data=[1.0, 1.0, 1.0, 1.0]), "b": T((1,), data=[1.0])})
case("allclose_nan", "allclose", ["$a", "$b"], {"a": T((1,), data=[float("nan")]), "b": T((1,), data=[float("nan")])})
case("method_allclose", ".allclose", ["$a", "$b"], {"a": T((2,), data=[1.0, 2.0]), "b": T((2,), data=[1.0, 2.0])})
case("allclose_int_float_error", "allclose", ["$a", "$b"], {"a": T((2,), dtype="int64", data=[1, 2]),
                                                            "b": T((2,), data=[1.0, 2.0])})
case("equal_true", "equal", ["$a", "$b"], {"a": T((2,), data=[1.0, 2.0]), "b": T((2,), data=[1.0, 2.0])})
case("equal_false_values", "equal", ["$a", "$b"], {"a": T((2,), data=[1.0, 2.0]), "b": T((2,), data=[1.0, 2.5])})
case("equal_false_shape", "equal", ["$a", "$b"], {"a": T((2,), data=[1.0, 2.0]), "b": T((1, 2), data=[1.0, 2.0])})
case("method_equal", ".equal", ["$a", "$b"], {"a": T((2,), data=[1.0, 2.0]), "b": T((2,), data=[1.0, 2.0])})

# --- torch.nn.functional
case("F_relu", "F.relu", ["$x"], {"x": T((2, 3))})
case("F_sigmoid", "F.sigmoid", ["$x"], {"x": T((2, 3))})
case("F_tanh", "F.tanh", ["$x"], {"x": T((2, 3))})
case("F_mse_loss_mean", "F.mse_loss", ["$x", "$y"], {"x": T((2, 3)), "y": T((2, 3), off=1, rg=False)})
case("F_mse_loss_sum", "F.mse_loss", ["$x", "$y"], {"x": T((2, 3)), "y": T((2, 3), off=1, rg=False)},
     kwargs={"reduction": "sum"})
case("F_mse_loss_none", "F.mse_loss", ["$x", "$y"], {"x": T((2, 3)), "y": T((2, 3), off=1, rg=False)},
     kwargs={"reduction": "none"})
case("F_mse_loss_both_grad", "F.mse_loss", ["$x", "$y"], {"x": T((3,)), "y": T((3,), off=1)})
case("F_mse_loss_broadcast_warning", "F.mse_loss", ["$x", "$y"], {"x": T((3,)), "y": T((1,), off=1, rg=False)})
case("F_bce_logits_mean", "F.binary_cross_entropy_with_logits", ["$z", "$y"],
     {"z": T((5,)), "y": T((5,), data=[0.0, 1.0, 1.0, 0.0, 1.0], rg=False)})
case("F_bce_logits_sum", "F.binary_cross_entropy_with_logits", ["$z", "$y"],
     {"z": T((5,)), "y": T((5,), data=[0.0, 1.0, 1.0, 0.0, 1.0], rg=False)}, kwargs={"reduction": "sum"})
case("F_bce_logits_none", "F.binary_cross_entropy_with_logits", ["$z", "$y"],
     {"z": T((2, 2)), "y": T((2, 2), data=[0.0, 1.0, 0.5, 0.0], rg=False)}, kwargs={"reduction": "none"})
case("F_bce_logits_weight", "F.binary_cross_entropy_with_logits", ["$z", "$y"],
     {"z": T((3,)), "y": T((3,), data=[0.0, 1.0, 1.0], rg=False), "w": T((3,), "pos", rg=False)},
     kwargs={"weight": "$w"})
case("F_bce_logits_pos_weight", "F.binary_cross_entropy_with_logits", ["$z", "$y"],
     {"z": T((2, 3)), "y": T((2, 3), data=[0.0, 1.0, 1.0, 1.0, 0.0, 1.0], rg=False), "p": T((3,), "pos", rg=False)},
     kwargs={"pos_weight": "$p"})
case("F_bce_logits_large_logits", "F.binary_cross_entropy_with_logits", ["$z", "$y"],
     {"z": T((3,), data=[100.0, -100.0, 0.0]), "y": T((3,), data=[0.0, 0.0, 1.0], rg=False)})
case("F_bce_logits_tutorial_zeros", "F.binary_cross_entropy_with_logits", ["$z", "$y"],
     {"z": T((3,)), "y": T((3,), data=[0.0, 0.0, 0.0], rg=False)})
case("F_bce_logits_size_mismatch", "F.binary_cross_entropy_with_logits", ["$z", "$y"],
     {"z": T((3,)), "y": T((2,), data=[0.0, 1.0], rg=False)})

# --- dtype promotion
def I64(shape, data=None, off=0):
    return T(shape, dtype="int64", data=data, off=off)


case("promote_int64_plus_float_scalar", "op:+", ["$a", Fl(1.5)], {"a": I64((3,))})
case("promote_int64_plus_int_scalar", "op:+", ["$a", I(2)], {"a": I64((3,))})
case("promote_int64_plus_int64", "op:+", ["$a", "$b"], {"a": I64((3,)), "b": I64((3,), off=1)})
case("promote_int64_times_2_5", "op:*", ["$a", Fl(2.5)], {"a": I64((3,))})
case("promote_float32_plus_float64", "op:+", ["$a", "$b"], {"a": T((3,)), "b": T((3,), off=1, dtype="float64")})
case("promote_float32_plus_python_float", "op:+", ["$a", Fl(0.1)], {"a": T((3,))})
case("promote_float64_plus_python_float", "op:+", ["$a", Fl(0.1)], {"a": T((3,), dtype="float64")})
case("promote_int_div_int", "op:/", ["$a", "$b"], {"a": I64((3,), data=[1, 2, 7]), "b": I64((3,), data=[2, 4, 2])})
case("promote_int_div_int_scalar", "op:/", ["$a", I(2)], {"a": I64((3,), data=[1, 2, 7])})
case("promote_int_scalar_div_int", "op:/", [I(1), "$a"], {"a": I64((3,), data=[1, 2, 4])})
case("promote_float64_0d_plus_float32_1d", "op:+", ["$a", "$b"], {"a": T((), dtype="float64"), "b": T((3,), off=1)})
case("promote_float32_0d_plus_float64_1d", "op:+", ["$a", "$b"], {"a": T(()), "b": T((3,), off=1, dtype="float64")})
case("promote_float32_0d_plus_int64_1d", "op:+", ["$a", "$b"], {"a": T(()), "b": I64((3,))})
case("promote_int64_1d_times_float32_1d", "op:*", ["$a", "$b"], {"a": I64((3,)), "b": T((3,), off=1)})
case("promote_bool_plus_bool", "op:+", ["$a", "$b"], {"a": T((2,), dtype="bool", data=[True, False]),
                                                     "b": T((2,), dtype="bool", data=[True, True])})
case("promote_bool_plus_1", "op:+", ["$a", I(1)], {"a": T((2,), dtype="bool", data=[True, False])})
case("promote_bool_times_float", "op:*", ["$a", Fl(1.5)], {"a": T((2,), dtype="bool", data=[True, False])})
case("promote_bool_plus_float32", "op:+", ["$a", "$b"], {"a": T((2,), dtype="bool", data=[True, False]), "b": T((2,))})
case("promote_int64_pow_2", "op:**", ["$a", I(2)], {"a": I64((3,))})
case("promote_int64_pow_half", "op:**", ["$a", Fl(0.5)], {"a": I64((3,), data=[1, 4, 9])})
case("promote_int_scalar_pow_int64", "op:**", [I(2), "$a"], {"a": I64((3,), data=[0, 1, 3])})
case("promote_float_scalar_pow_int64", "op:**", [Fl(2.0), "$a"], {"a": I64((3,), data=[0, 1, 3])})
case("promote_int64_neg", "op:neg", ["$a"], {"a": I64((3,))})
case("promote_int64_minus_float64_0d", "op:-", ["$a", "$b"], {"a": I64((3,)), "b": T((), dtype="float64")})
case("promote_float32_plus_true", "op:+", ["$a", B(True)], {"a": T((2,))})
case("promote_exp_int64", "exp", ["$a"], {"a": I64((3,))})
case("promote_relu_int64", "relu", ["$a"], {"a": I64((3,))})
case("promote_int_pow_negative_int_error", "op:**", ["$a", I(-1)], {"a": I64((3,), data=[1, 2, 3])})

# --- creation
case("tensor_ints", "tensor", [[I(1), I(2), I(3)]])
case("tensor_floats", "tensor", [[Fl(1.0), Fl(2.0), Fl(3.0)]])
case("tensor_mixed_int_float", "tensor", [[I(1), Fl(2.5), I(3)]])
case("tensor_bools", "tensor", [[B(True), B(False)]])
case("tensor_mixed_bool_int", "tensor", [[B(True), I(2)]])
case("tensor_float64", "tensor", [[I(1), I(2)]], kwargs={"dtype": D("float64")})
case("tensor_float32_from_ints", "tensor", [[I(1), I(2)]], kwargs={"dtype": D("float32")})
case("tensor_int64_from_floats", "tensor", [[Fl(1.7), Fl(-2.7)]], kwargs={"dtype": D("int64")})
case("tensor_nested_2d", "tensor", [[[Fl(1.0), Fl(2.0)], [Fl(3.0), Fl(4.0)]]])
case("tensor_nested_3d_ints", "tensor", [[[[I(1)], [I(2)]], [[I(3)], [I(4)]]]])
case("tensor_scalar_float", "tensor", [Fl(3.5)])
case("tensor_scalar_int", "tensor", [I(7)])
case("tensor_scalar_bool", "tensor", [B(True)])
case("tensor_empty", "tensor", [[]])
case("tensor_requires_grad", "tensor", [[Fl(1.0), Fl(2.0)]], kwargs={"requires_grad": B(True)})
case("tensor_small_values", "tensor", [[Fl(1e-4), Fl(1.0), Fl(12345.0)]])
case("tensor_precision", "tensor", [[Fl(0.1), Fl(1 / 3), Fl(2.0)]])
case("tensor_large_ints", "tensor", [[I(1), I(1000000), I(-5)]])
case("tensor_ragged_error", "tensor", [[[I(1), I(2)], [I(3)]]])
case("tensor_int_requires_grad_error", "tensor", [[I(1), I(2)]], kwargs={"requires_grad": B(True)})
case("zeros_3", "zeros", [I(3)])
case("zeros_2_3", "zeros", [I(2), I(3)])
case("zeros_tuple", "zeros", [[I(2), I(3)]])
case("zeros_int64", "zeros", [I(2)], kwargs={"dtype": D("int64")})
case("zeros_requires_grad", "zeros", [I(2)], kwargs={"requires_grad": B(True)})
case("zeros_0d", "zeros", [[]])
case("ones_2_2", "ones", [I(2), I(2)])
case("ones_float64", "ones", [I(3)], kwargs={"dtype": D("float64")})
case("ones_bool", "ones", [I(2)], kwargs={"dtype": D("bool")})
case("full_int_value", "full", [[I(2), I(2)], I(7)])
case("full_float_value", "full", [[I(2), I(2)], Fl(7.0)])
case("full_bool_value", "full", [[I(2)], B(True)])
case("full_float64", "full", [[I(3)], Fl(0.5)], kwargs={"dtype": D("float64")})
case("arange_5", "arange", [I(5)])
case("arange_float_stop", "arange", [Fl(5.0)])
case("arange_1_4", "arange", [I(1), I(4)])
case("arange_0_1_quarter", "arange", [I(0), I(1), Fl(0.25)])
case("arange_0_10_3", "arange", [I(0), I(10), I(3)])
case("arange_negative_step", "arange", [I(5), I(0), I(-2)])
case("arange_0_1_0_1", "arange", [I(0), I(1), Fl(0.1)])
case("arange_float64", "arange", [I(3)], kwargs={"dtype": D("float64")})
case("linspace_0_1_5", "linspace", [I(0), I(1), I(5)])
case("linspace_minus1_1_3", "linspace", [I(-1), I(1), I(3)])
case("linspace_0_1_7", "linspace", [Fl(0.0), Fl(1.0), I(7)])
case("linspace_one_step", "linspace", [I(2), I(5), I(1)])
case("eye_3", "eye", [I(3)])
case("eye_2_3", "eye", [I(2), I(3)])
case("eye_4_5_requires_grad", "eye", [I(4), I(5)], kwargs={"requires_grad": B(True)})
case("zeros_like_float", "zeros_like", ["$x"], {"x": T((2, 3))})
case("ones_like_float", "ones_like", ["$x"], {"x": T((2, 3))})
case("zeros_like_int", "zeros_like", ["$x"], {"x": I64((3,))})
case("ones_like_dtype", "ones_like", ["$x"], {"x": I64((3,))}, kwargs={"dtype": D("float32")})
case("rand_5_seed0", "rand", [I(5)], seed=0)
case("randn_3_seed0", "randn", [I(3)], seed=0)
case("randn_20_seed0", "randn", [I(20)], seed=0)
case("rand_like_seed0", "rand_like", ["$x"], {"x": T((2, 2))}, seed=0)

# --- scalar results
case("item_float32", ".item", ["$x"], {"x": T((), data=0.1)})
case("item_int64", ".item", ["$x"], {"x": I64((), data=7)})
case("item_bool", ".item", ["$x"], {"x": T((1,), dtype="bool", data=[True])})
case("item_multi_element_error", ".item", ["$x"], {"x": T((3,))})
case("tolist_2d", ".tolist", ["$x"], {"x": T((2, 2), data=[0.1, 1.0, -2.5, 3.0])})
case("size_method", ".size", ["$x"], {"x": T((2, 3))})
case("size_dim", ".size", ["$x", I(1)], {"x": T((2, 3))})
case("shape_attribute", ".shape", ["$x"], {"x": T((2, 3))})
case("dim_method", ".dim", ["$x"], {"x": T((2, 3))})
case("numel_method", ".numel", ["$x"], {"x": T((2, 3))})
case("dtype_attribute", ".dtype", ["$x"], {"x": I64((2,))})

# --- errors of one call
case("error_nonscalar_backward", "op:*", ["$x", I(2)], {"x": T((3,))}, grad_output=None)
case("error_gradient_wrong_shape", "op:*", ["$x", I(2)], {"x": T((3,))},
     grad_output={"data": [1.0, 1.0], "shape": [2], "dtype": "float32"})
case("backward_gradient_int64_dtype_ok", "op:*", ["$x", I(2)], {"x": T((3,))},
     grad_output={"data": [1, 1, 1], "shape": [3], "dtype": "int64"})
case("error_inplace_add_on_leaf", ".add_", ["$x", I(1)], {"x": T((3,))})
case("error_inplace_mul_on_leaf", ".mul_", ["$x", I(2)], {"x": T((3,))})
case("error_inplace_zero_on_leaf", ".zero_", ["$x"], {"x": T((3,))})
case("error_requires_grad_int_tensor", ".requires_grad_", ["$x"], {"x": I64((2,))})
case("error_broadcast_3_2", "op:+", ["$a", "$b"], {"a": T((3,)), "b": T((2,), off=1)})
case("error_broadcast_2x3_2", "op:*", ["$a", "$b"], {"a": T((2, 3)), "b": T((2,), off=1)})
case("error_broadcast_2x3_4x3", "op:-", ["$a", "$b"], {"a": T((2, 3)), "b": T((4, 3), off=1)})
case("error_mm_3x2_3x2", "mm", ["$a", "$b"], {"a": T((3, 2)), "b": T((3, 2), off=1)})
case("error_matmul_op_3x2_3x2", "op:@", ["$a", "$b"], {"a": T((3, 2)), "b": T((3, 2), off=1)})
case("error_matmul_dot_3_2", "op:@", ["$a", "$b"], {"a": T((3,)), "b": T((2,), off=1)})
case("error_dot_3_2", "dot", ["$a", "$b"], {"a": T((3,)), "b": T((2,), off=1)})
case("error_dot_2d", "dot", ["$a", "$b"], {"a": T((2, 2)), "b": T((2, 2), off=1)})
case("error_mv_2x3_2", "mv", ["$a", "$b"], {"a": T((2, 3)), "b": T((2,), off=1)})
case("error_matmul_2d_1d", "op:@", ["$a", "$b"], {"a": T((2, 3)), "b": T((2,), off=1)})
case("error_matmul_1d_2d", "op:@", ["$a", "$b"], {"a": T((2,)), "b": T((3, 2), off=1)})
case("error_matmul_0d", "op:@", ["$a", "$b"], {"a": T(()), "b": T((2,), off=1)})
case("error_mm_1d", "mm", ["$a", "$b"], {"a": T((3,)), "b": T((3, 2), off=1)})
case("error_matmul_dtype_mismatch", "op:@", ["$a", "$b"], {"a": T((2, 2)), "b": T((2, 2), off=1, dtype="float64")})
case("error_view_invalid", ".view", ["$x", I(4)], {"x": T((2, 3))})
case("error_reshape_invalid", ".reshape", ["$x", I(4)], {"x": T((2, 3))})
case("error_view_two_minus1", ".view", ["$x", I(-1), I(-1)], {"x": T((2, 3))})
case("error_t_3d", ".t", ["$x"], {"x": T((2, 3, 4))})
case("error_transpose_dim", ".transpose", ["$x", I(0), I(2)], {"x": T((2, 3))})
case("error_unsqueeze_dim", ".unsqueeze", ["$x", I(3)], {"x": T((2, 3))})
case("error_log_needs_tensor", "log", [Fl(2.0)])
case("error_mse_loss_int_target", "F.mse_loss", ["$x", "$y"], {"x": T((2,)), "y": I64((2,))})

SCENARIOS = []


def scenario(name, inputs, steps):
    SCENARIOS.append({"name": name, "inputs": inputs, "steps": steps})


X3 = {"x": T((3,), data=[1.0, 2.0, 3.0])}
scenario("backward_twice_add_sum_ok", X3, [
    {"let": "y", "fn": "op:+", "args": ["$x", I(1)]},
    {"let": "s", "fn": ".sum", "args": ["$y"]},
    {"backward": "$s"},
    {"backward": "$s"},
])
scenario("backward_twice_exp_mul_error", X3, [
    {"let": "e", "fn": ".exp", "args": ["$x"]},
    {"let": "p", "fn": "op:*", "args": ["$e", "$x"]},
    {"let": "s", "fn": ".sum", "args": ["$p"]},
    {"backward": "$s"},
    {"backward": "$s"},
])
scenario("backward_twice_retain_graph", X3, [
    {"let": "e", "fn": ".exp", "args": ["$x"]},
    {"let": "p", "fn": "op:*", "args": ["$e", "$x"]},
    {"let": "s", "fn": ".sum", "args": ["$p"]},
    {"backward": "$s", "retain_graph": True},
    {"backward": "$s"},
])
scenario("backward_twice_mul_scalar_error", X3, [
    {"let": "y", "fn": "op:*", "args": ["$x", I(3)]},
    {"let": "s", "fn": ".sum", "args": ["$y"]},
    {"backward": "$s"},
    {"backward": "$s"},
])
scenario("backward_twice_pow_error", X3, [
    {"let": "y", "fn": "op:**", "args": ["$x", I(2)]},
    {"let": "s", "fn": ".sum", "args": ["$y"]},
    {"backward": "$s"},
    {"backward": "$s"},
])
scenario("backward_no_grad_fn_error", {"x": T((3,), rg=False)}, [
    {"let": "s", "fn": ".sum", "args": ["$x"]},
    {"backward": "$s"},
])
scenario("backward_on_leaf_scalar", {"x": T((), data=2.0)}, [
    {"backward": "$x"},
])
scenario("inplace_modifies_saved_exp_result", X3, [
    {"let": "y", "fn": ".exp", "args": ["$x"]},
    {"fn": ".add_", "args": ["$y", I(1)]},
    {"let": "s", "fn": ".sum", "args": ["$y"]},
    {"backward": "$s"},
])
scenario("inplace_modifies_saved_input_of_mul", X3, [
    {"let": "y", "fn": "op:*", "args": ["$x", I(2)]},
    {"let": "z", "fn": "op:*", "args": ["$y", "$y"]},
    {"fn": ".mul_", "args": ["$y", I(3)]},
    {"let": "s", "fn": ".sum", "args": ["$z"]},
    {"backward": "$s"},
])
scenario("inplace_on_unsaved_nonleaf_ok", X3, [
    {"let": "y", "fn": "op:*", "args": ["$x", I(2)]},
    {"fn": ".add_", "args": ["$y", I(1)]},
    {"fn": ".grad_fn", "args": ["$y"]},
    {"let": "s", "fn": ".sum", "args": ["$y"]},
    {"backward": "$s"},
])
scenario("inplace_leaf_under_no_grad_ok", X3, [
    {"fn": ".add_", "args": ["$x", I(1)], "no_grad": True},
    {"fn": ".is_leaf", "args": ["$x"]},
    {"let": "s", "fn": ".sum", "args": ["$x"]},
    {"backward": "$s"},
])
scenario("nonleaf_grad_warning", X3, [
    {"let": "y", "fn": "op:*", "args": ["$x", I(2)]},
    {"let": "s", "fn": ".sum", "args": ["$y"]},
    {"backward": "$s"},
    {"fn": ".grad", "args": ["$y"]},
])
scenario("retain_grad_nonleaf", X3, [
    {"let": "y", "fn": "op:*", "args": ["$x", I(2)]},
    {"fn": ".retain_grad", "args": ["$y"]},
    {"let": "z", "fn": "op:*", "args": ["$y", "$y"]},
    {"let": "s", "fn": ".sum", "args": ["$z"]},
    {"backward": "$s"},
    {"fn": ".grad", "args": ["$y"]},
])
scenario("set_requires_grad_false_on_nonleaf_error", X3, [
    {"let": "y", "fn": "op:*", "args": ["$x", I(2)]},
    {"set": ["requires_grad", "$y", B(False)]},
])
scenario("set_requires_grad_true_on_nonleaf_no_grad", {"x": T((3,), rg=False)}, [
    {"let": "y", "fn": "op:*", "args": ["$x", I(2)]},
    {"set": ["requires_grad", "$y", B(True)]},
    {"fn": ".is_leaf", "args": ["$y"]},
])
scenario("set_requires_grad_on_int_leaf_error", {"n": I64((2,))}, [
    {"set": ["requires_grad", "$n", B(True)]},
])
scenario("no_grad_result", X3, [
    {"let": "y", "fn": "op:**", "args": ["$x", I(2)], "no_grad": True},
    {"fn": ".requires_grad", "args": ["$y"]},
])
scenario("reshape_non_contiguous_copies", {"x": T((2, 3))}, [
    {"let": "y", "fn": ".t", "args": ["$x"]},
    {"let": "z", "fn": ".reshape", "args": ["$y", I(6)]},
    {"let": "s", "fn": ".sum", "args": ["$z"]},
    {"backward": "$s"},
])
scenario("view_non_contiguous_error", {"x": T((2, 3))}, [
    {"let": "y", "fn": ".t", "args": ["$x"]},
    {"let": "z", "fn": ".view", "args": ["$y", I(6)]},
])
scenario("detach_shares_storage", X3, [
    {"let": "d", "fn": ".detach", "args": ["$x"]},
    {"fn": ".add_", "args": ["$d", I(10)]},
    {"fn": ".requires_grad", "args": ["$d"]},
])
scenario("detach_inplace_then_backward_error", X3, [
    {"let": "y", "fn": ".exp", "args": ["$x"]},
    {"let": "d", "fn": ".detach", "args": ["$y"]},
    {"fn": ".zero_", "args": ["$d"]},
    {"let": "s", "fn": ".sum", "args": ["$y"]},
    {"backward": "$s"},
])
scenario("detach_underscore", X3, [
    {"let": "y", "fn": "op:*", "args": ["$x", I(2)]},
    {"fn": ".detach_", "args": ["$y"]},
    {"fn": ".is_leaf", "args": ["$y"]},
    {"fn": ".requires_grad", "args": ["$y"]},
    {"fn": ".grad_fn", "args": ["$y"]},
])
scenario("grad_zero_between_backwards", X3, [
    {"let": "y", "fn": "op:**", "args": ["$x", I(2)]},
    {"let": "s", "fn": ".sum", "args": ["$y"]},
    {"backward": "$s", "retain_graph": True},
    {"let": "g", "fn": ".grad", "args": ["$x"]},
    {"fn": ".zero_", "args": ["$g"]},
    {"backward": "$s"},
])
scenario("set_grad_none", X3, [
    {"let": "s", "fn": ".sum", "args": ["$x"]},
    {"backward": "$s"},
    {"set": ["grad", "$x", None]},
    {"fn": ".grad", "args": ["$x"]},
])
scenario("autograd_grad_tuple", X3, [
    {"let": "y", "fn": "op:**", "args": ["$x", I(2)]},
    {"let": "s", "fn": ".sum", "args": ["$y"]},
    {"fn": "autograd.grad", "args": ["$s", "$x"]},
    {"fn": ".grad", "args": ["$x"]},
])
scenario("autograd_grad_outputs_and_retain", X3, [
    {"let": "y", "fn": "op:*", "args": ["$x", "$x"]},
    {"let": "v", "fn": "ones_like", "args": ["$y"]},
    {"fn": "autograd.grad", "args": ["$y", "$x"], "kwargs": {"grad_outputs": "$v", "retain_graph": B(True)}},
    {"fn": "autograd.grad", "args": ["$y", "$x"], "kwargs": {"grad_outputs": "$v"}},
    {"fn": "autograd.grad", "args": ["$y", "$x"], "kwargs": {"grad_outputs": "$v"}},
])
scenario("autograd_grad_nonscalar_error", X3, [
    {"let": "y", "fn": "op:*", "args": ["$x", "$x"]},
    {"fn": "autograd.grad", "args": ["$y", "$x"]},
])
scenario("backward_gradient_vjp", X3, [
    {"let": "y", "fn": "op:*", "args": ["$x", I(2)]},
    {"backward": "$y", "gradient": {"data": [0.1, 1.0, 0.0001], "shape": [3], "dtype": "float32"}},
])
scenario("pow_scalar_base_graph", X3, [
    {"let": "y", "fn": "op:**", "args": [I(2), "$x"]},
    {"fn": ".grad_fn", "args": ["$y"]},
    {"let": "s", "fn": ".sum", "args": ["$y"]},
    {"backward": "$s"},
])
scenario("inplace_add_version_then_mul_backward", {"x": T((3,), data=[1.0, 2.0, 3.0]), "w": T((3,), data=[0.5, 0.5, 0.5])}, [
    {"let": "y", "fn": "op:*", "args": ["$x", "$w"]},
    {"fn": ".add_", "args": ["$y", "$w"]},
    {"let": "s", "fn": ".sum", "args": ["$y"]},
    {"backward": "$s"},
])
scenario("requires_grad_on_detached_leaf", X3, [
    {"let": "d", "fn": ".detach", "args": ["$x"]},
    {"fn": ".requires_grad_", "args": ["$d"]},
    {"fn": ".is_leaf", "args": ["$d"]},
])

if __name__ == "__main__":
    main()
