"""Shared helpers for the PyTorch oracle generators (run with /usr/bin/python3).

The machine has PyTorch 1.13; Autograd Lab follows PyTorch 2.x where the two
differ. `install_torch2x()` makes 1.13 behave like 2.x for the two known
differences by routing the call through the op 2.x actually uses, so the
grad_fn name, next_functions, reprs and printed text all come from real
PyTorch instead of from text substitution:

- `scalar ** tensor`: 2.x's `Tensor.__rpow__` is `torch.pow(scalar, tensor)`
  (grad_fn PowBackward2, one input edge). 1.13 wraps the scalar in a tensor
  first (PowBackward1, edges ((None, 0), (AccumulateGrad, 0))).
- `reshape` of a tensor whose shape can be viewed: 2.x returns `view(...)`
  (ViewBackward0); 1.13 calls `_reshape_alias` (ReshapeAliasBackward0).
  Non-viewable reshapes (copying) are left alone: UnsafeViewBackward0 in both.
- `F.sigmoid` / `F.tanh`: 1.13 warns "nn.functional.sigmoid is deprecated.
  Use torch.sigmoid instead."; 2.x's versions are plain `input.sigmoid()` /
  `input.tanh()` without a warning, and so are these.

A third difference cannot be produced by 1.13 at all, so it is a rename of
one class name: 2.x added the overload `squeeze.dims`, which shifted the
numbering of the in-place `squeeze_` grad_fns. The class 1.13 calls
`SqueezeBackward3` (only ever `squeeze_(dim)`, e.g. inside `1-D @ 2-D`
matmul) is `SqueezeBackward4` in 2.x (observed in 2.x output of `x @ W`).
`SqueezeBackward3` names exactly that op in 1.13, so the rename is exact.

Every time a patch or rename changes a grad-tracked result, it is appended
to ADJUSTMENTS so the fixtures can say where the 2.x behaviour was applied.
"""

import contextlib
import json
import math
import re

import torch

TORCH_VERSION = torch.__version__

# Each entry: {"op": ..., "torch_1_13": <grad_fn name 1.13 gives>, "torch_2x": <name recorded>}
ADJUSTMENTS = []

import torch.nn.functional as F  # noqa: E402

_ORIGINAL = {
    "Tensor.reshape": torch.Tensor.reshape,
    "torch.reshape": torch.reshape,
    "Tensor.__rpow__": torch.Tensor.__rpow__,
    "F.sigmoid": F.sigmoid,
    "F.tanh": F.tanh,
}
_PATCHED = {}


def _apply(table):
    torch.Tensor.reshape = table["Tensor.reshape"]
    torch.reshape = table["torch.reshape"]
    torch.Tensor.__rpow__ = table["Tensor.__rpow__"]
    F.sigmoid = table["F.sigmoid"]
    F.tanh = table["F.tanh"]


_renaming = [True]


@contextlib.contextmanager
def torch_1_13():
    """Temporarily undo install_torch2x() and the renames, to check an
    adjustment changed only names."""
    _apply(_ORIGINAL)
    _renaming[0] = False
    try:
        yield
    finally:
        _renaming[0] = True
        if _PATCHED:
            _apply(_PATCHED)


def install_torch2x():
    if _PATCHED:
        return
    original_reshape = _ORIGINAL["Tensor.reshape"]
    original_torch_reshape = _ORIGINAL["torch.reshape"]

    def _note_reshape(out):
        if out.grad_fn is not None:
            ADJUSTMENTS.append({"op": "reshape", "torch_1_13": "ReshapeAliasBackward0",
                                "torch_2x": type(out.grad_fn).__name__})
        return out

    def reshape(self, *shape):
        try:
            out = self.view(*shape)
        except RuntimeError:
            # Not viewable (or invalid): 2.x and 1.13 agree here, including the message.
            return original_reshape(self, *shape)
        return _note_reshape(out)

    def torch_reshape(input, shape):
        try:
            out = input.view(shape)
        except RuntimeError:
            return original_torch_reshape(input, shape)
        return _note_reshape(out)

    def rpow(self, other):
        # Same as 2.x torch/_tensor.py; the base is a Python scalar here.
        out = torch.pow(other, self)
        if out.grad_fn is not None:
            ADJUSTMENTS.append({"op": "scalar ** tensor", "torch_1_13": "PowBackward1",
                                "torch_2x": type(out.grad_fn).__name__})
        return out

    def f_sigmoid(input):
        # 2.x torch/nn/functional.py: no "nn.functional.sigmoid is deprecated" warning.
        return input.sigmoid()

    def f_tanh(input):
        return input.tanh()

    _PATCHED.update({"Tensor.reshape": reshape, "torch.reshape": torch_reshape, "Tensor.__rpow__": rpow,
                     "F.sigmoid": f_sigmoid, "F.tanh": f_tanh})
    _apply(_PATCHED)


# 1.13 grad_fn class name -> the 2.x class name of the same op overload.
RENAMED_2X = {"SqueezeBackward3": "SqueezeBackward4"}
_RENAMED = re.compile(r"\b(" + "|".join(RENAMED_2X) + r")\b")


def rename_2x(text):
    """Apply RENAMED_2X to text (reprs, stdout); records each rename."""
    def sub(m):
        ADJUSTMENTS.append({"op": "squeeze_(dim) (in-place, e.g. in 1-D @ 2-D matmul)",
                            "torch_1_13": m.group(1), "torch_2x": RENAMED_2X[m.group(1)]})
        return RENAMED_2X[m.group(1)]
    return _RENAMED.sub(sub, text) if _renaming[0] else text


def take_adjustments():
    """Return (without repeats) and clear the adjustments recorded since the last call."""
    out = []
    for a in ADJUSTMENTS:
        if a not in out:
            out.append(a)
    ADJUSTMENTS.clear()
    return out


# ---------------------------------------------------------------- values

DTYPE_NAMES = {
    torch.float32: "float32",
    torch.float64: "float64",
    torch.int64: "int64",
    torch.bool: "bool",
    torch.int32: "int32",
    torch.float16: "float16",
}
DTYPES = {v: k for k, v in DTYPE_NAMES.items()}


def dtype_name(dtype):
    return DTYPE_NAMES.get(dtype, str(dtype).replace("torch.", ""))


def num(v):
    """A Python number as JSON: nan/inf become the strings "nan"/"inf"/"-inf"."""
    if isinstance(v, bool) or isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    raise TypeError(f"not a number: {v!r}")


def flat_data(t):
    """Row-major flat values: floats exactly as their float64 widening, ints, bools."""
    flat = t.detach().reshape(-1).tolist() if t.dim() > 0 else [t.detach().item()]
    return [num(v) for v in flat]


def is_grad_fn(v):
    return hasattr(v, "next_functions") and hasattr(v, "name") and not isinstance(v, torch.Tensor)


def grad_fn_name(fn):
    """Class name of a grad_fn node (AccumulateGrad for leaves), or None, as 2.x names it."""
    return None if fn is None else rename_2x(type(fn).__name__)


def next_functions(fn):
    if fn is None:
        return None
    return [[grad_fn_name(f), i] for f, i in fn.next_functions]


def tensor_values(t):
    """data + shape + dtype, the form used for inputs, grads and grad_outputs."""
    return {"data": flat_data(t), "shape": list(t.shape), "dtype": dtype_name(t.dtype)}


def tensor_full(t):
    """Everything the ops fixtures record about a result tensor."""
    out = tensor_values(t)
    out.update({
        "requires_grad": t.requires_grad,
        "is_leaf": t.is_leaf,
        "grad_fn": grad_fn_name(t.grad_fn),
        "next_functions": next_functions(t.grad_fn),
        "repr": rename_2x(repr(t)),
    })
    return out


def tensor_record(t):
    """The issue-3 `--json` tensor record."""
    return {"tensor": {
        "shape": list(t.shape),
        "dtype": dtype_name(t.dtype),
        "data": flat_data(t),
        "requires_grad": t.requires_grad,
        "grad_fn": grad_fn_name(t.grad_fn),
        "is_leaf": t.is_leaf,
    }}


def value_record(v):
    """A printed Python value as the issue-3 `--json` record value."""
    if isinstance(v, torch.Tensor):
        return tensor_record(v)
    if isinstance(v, torch.Size):
        return {"size": list(v)}
    if isinstance(v, torch.dtype):
        return {"dtype": dtype_name(v)}
    if is_grad_fn(v):
        return {"grad_fn": grad_fn_name(v)}
    if isinstance(v, str):
        # f-strings can embed `<... object at 0x...>` or a grad_fn name; treat like stdout.
        return rename_2x(normalize_addresses(v))
    if v is None or isinstance(v, (bool, int)):
        return v
    if isinstance(v, float):
        return num(v)
    if isinstance(v, (list, tuple)):
        return [value_record(x) for x in v]
    raise TypeError(f"no --json record form for {type(v).__name__}: {v!r}")


# ---------------------------------------------------------------- text

_ADDRESS = re.compile(r"object at 0x[0-9a-fA-F]+")
_TRIGGERED = re.compile(r" \(Triggered internally at .*?\)$", re.S)


def normalize_addresses(text):
    """`<MulBackward0 object at 0x7f...>` -> `<MulBackward0 object at 0xADDR>`."""
    return _ADDRESS.sub("object at 0xADDR", text)


def normalize_warning(message):
    """Drop the C++ build location PyTorch appends to TORCH_WARN messages,
    e.g. ` (Triggered internally at  ./build/aten/src/ATen/core/TensorBody.h:480.)`;
    it names a file and line of this particular build, not the behaviour."""
    return _TRIGGERED.sub("", message)


def _compact(obj, indent):
    """JSON with one key per line, but flat lists (data, shapes) on one line,
    so fixtures stay small and diffs stay readable."""
    pad = " " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f'{pad} {json.dumps(k, ensure_ascii=False)}: {_compact(v, indent + 1)}' for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and any(isinstance(v, (dict, list)) for v in obj):
        flat = all(not isinstance(v, dict) and (not isinstance(v, list) or
                   not any(isinstance(x, (dict, list)) for x in v)) for v in obj)
        if flat and len(json.dumps(obj)) <= 100:
            return json.dumps(obj, ensure_ascii=False, allow_nan=False)
        items = [f"{pad} {_compact(v, indent + 1)}" for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    # allow_nan=False: any nan/inf that slipped past num() is a bug, not JSON.
    return json.dumps(obj, ensure_ascii=False, allow_nan=False)


def dumps(obj):
    return _compact(obj, 0) + "\n"


def write_json(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(dumps(obj))
