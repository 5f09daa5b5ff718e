"""Runs every tests/corpus/NNN_name.py through real PyTorch and writes
tests/corpus/expected/<name>.stdout and <name>.json (formats: tests/oracle/README.md).

    /usr/bin/python3 tests/oracle/run_corpus.py [NAME_PREFIX ...]

Each script runs twice, each time in a fresh /usr/bin/python3 process with
the PyTorch 2.x adjustments of common.py installed:
- plain: the script as `python3 FILE` would run it; gives stdout and exit code;
- record: the same script with `print` and warnings intercepted, giving the
  `--json` records, warnings and the error with its script line.
The two stdouts must agree, so the recording cannot have changed behaviour.
"""

import ast
import builtins
import concurrent.futures
import glob
import json
import os
import subprocess
import sys
import tempfile
import traceback
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "tests", "corpus")
EXPECTED = os.path.join(CORPUS, "expected")
PYTHON = "/usr/bin/python3"
SYNTAX_MARK = "# expect: SyntaxError"

# ---------------------------------------------------------------- subset guard
# The corpus must stay inside issue 3's language; catching drift here is
# cheaper than a confusing interpreter failure later.
ALLOWED_NODES = {
    "Module", "Import", "ImportFrom", "alias", "Assign", "AugAssign", "Expr", "For", "With",
    "withitem", "Pass", "Name", "Load", "Store", "Constant", "JoinedStr", "FormattedValue",
    "List", "Tuple", "BinOp", "UnaryOp", "Compare", "Attribute", "Call", "keyword", "Subscript",
    "Slice", "Add", "Sub", "Mult", "Div", "Pow", "MatMult", "USub", "UAdd", "Eq", "NotEq", "Lt",
    "LtE", "Gt", "GtE",
    # control flow and functions
    "If", "While", "Break", "Continue", "IfExp", "BoolOp", "And", "Or", "Not", "Is", "IsNot", "Mod",
    "FunctionDef", "arguments", "arg", "Return", "Lambda", "Starred", "Global",
}
BUILTINS = {"print", "range", "len", "abs", "float", "int", "round", "min", "max", "sum", "str"}
MODULES = {"torch", "math", "F"}


def check_subset(path, source):
    """Problems, and names read but never assigned (fine only in a NameError script)."""
    problems, undefined = [], []
    lines = source.count("\n") + (0 if source.endswith("\n") else 1)
    if not 3 <= lines <= 40:
        problems.append(f"{lines} lines (want 3..40)")
    if source.startswith(SYNTAX_MARK):
        return problems, undefined
    tree = ast.parse(source, path)
    assigned = set()
    for node in ast.walk(tree):
        if type(node).__name__ not in ALLOWED_NODES:
            problems.append(f"line {getattr(node, 'lineno', '?')}: {type(node).__name__} is outside the subset")
        if isinstance(node, ast.For):
            it = node.iter
            ok = isinstance(it, (ast.List, ast.Tuple)) or (
                isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range")
            if not ok:
                problems.append(f"line {node.lineno}: for must iterate range(...) or a list/tuple")
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            assigned.add(node.id)
        if isinstance(node, (ast.FunctionDef, ast.arg)):
            assigned.add(node.name if isinstance(node, ast.FunctionDef) else node.arg)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            assigned.update((a.asname or a.name).split(".")[0] for a in node.names)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id not in BUILTINS | MODULES | assigned:
                undefined.append(node.id)
    return problems, undefined


# ---------------------------------------------------------------- child modes

def _load(path):
    sys.path.insert(0, HERE)
    import common
    common.install_torch2x()
    with open(path, encoding="utf-8") as f:
        source = f.read()
    return common, source


def _globals(path):
    return {"__name__": "__main__", "__file__": path, "__builtins__": builtins}


def run_plain(path):
    """Child: behave like `python3 FILE` (plus the 2.x adjustments)."""
    _, source = _load(path)
    code = compile(source, path, "exec")
    exec(code, _globals(path))


def _script_line(path):
    """Innermost frame of the running script: where a warning was triggered."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename == path:
            return frame.f_lineno
        frame = frame.f_back
    return None


def run_record(path, out_path):
    """Child: run the script, recording prints, warnings and the error."""
    common, source = _load(path)
    records, warns = [], []
    result = {"exit_code": 0, "error": None, "warnings": warns, "records": records}
    original_show = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        text = common.normalize_warning(str(message))
        at = _script_line(path)
        warns.append({"category": category.__name__, "message": text, "line": at})
        records.append({"warning": {"message": text, "line": at}})
        original_show(message, category, filename, lineno, file, line)

    def record_print(*args, **kwargs):
        records.append({"print": [common.value_record(a) for a in args]})
        builtins.print(*args, **kwargs)

    warnings.showwarning = show
    g = _globals(path)
    g["print"] = record_print
    try:
        code = compile(source, path, "exec")
        exec(code, g)
    except SyntaxError as e:
        err = {"type": type(e).__name__, "line": e.lineno}
        result.update(exit_code=1, error=err)
        records.append({"error": err})
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
    except BaseException as e:  # the oracle records whatever the script raises
        line = None
        for frame, lineno in traceback.walk_tb(e.__traceback__):
            if frame.f_code.co_filename == path:
                line = lineno
        err = {"type": type(e).__name__, "message": str(e), "line": line}
        result.update(exit_code=1, error=err)
        records.append({"error": err})
        traceback.print_exc()
    sys.stdout.flush()
    adjusted = common.take_adjustments()
    if adjusted:
        result["torch_2x_adjustments"] = adjusted
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(common.dumps(result))


# ---------------------------------------------------------------- parent

def _child(mode, path, *extra):
    return subprocess.run([PYTHON, os.path.abspath(__file__), mode, path, *extra],
                          cwd=ROOT, capture_output=True, timeout=300,
                          env=dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1"))


def process(path):
    sys.path.insert(0, HERE)
    import common
    name = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8") as f:
        source = f.read()
    problems, undefined = check_subset(path, source)
    plain = _child("--plain", path)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        rec = _child("--record", path, out)
        if not os.path.exists(out):
            raise SystemExit(f"{name}: record run failed:\n{rec.stderr.decode()}")
        with open(out, encoding="utf-8") as f:
            result = json.load(f)
    stdout = common.rename_2x(common.normalize_addresses(plain.stdout.decode("utf-8")))
    if stdout != common.rename_2x(common.normalize_addresses(rec.stdout.decode("utf-8"))):
        problems.append("stdout differs between the plain and the recording run")
    if plain.returncode != result["exit_code"]:
        problems.append(f"exit code {plain.returncode} (plain) vs {result['exit_code']} (record)")
    err = result["error"]
    expect_syntax = source.startswith(SYNTAX_MARK)
    if expect_syntax != (err is not None and err["type"] == "SyntaxError"):
        problems.append("'# expect: SyntaxError' mark and outcome disagree")
    if err is not None and err["type"] != "SyntaxError":
        last = plain.stderr.decode("utf-8").rstrip("\n").split("\n")[-1]
        if last != f"{err['type']}: {err['message']}":
            problems.append(f"stderr's last line {last!r} is not the recorded error")
    if err is not None and not expect_syntax:
        # Error scripts end at the error, so nothing after it goes unchecked.
        last_line = len(source.rstrip("\n").split("\n"))
        if err["line"] != last_line:
            problems.append(f"error at line {err['line']} is not the last line ({last_line})")
    if undefined and (err is None or err["type"] != "NameError"):
        problems.append(f"names outside the subset: {sorted(set(undefined))}")
    with open(os.path.join(EXPECTED, name + ".stdout"), "w", encoding="utf-8", newline="\n") as f:
        f.write(stdout)
    common.write_json(os.path.join(EXPECTED, name + ".json"), result)
    return name, result, problems


def main(argv):
    scripts = sorted(glob.glob(os.path.join(CORPUS, "[0-9][0-9][0-9]_*.py")))
    if argv:
        scripts = [s for s in scripts if any(os.path.basename(s).startswith(a) for a in argv)]
    else:
        # A full run owns expected/: drop outputs of scripts that no longer exist.
        names = {os.path.splitext(os.path.basename(s))[0] for s in scripts}
        for f in glob.glob(os.path.join(EXPECTED, "*")):
            if os.path.splitext(os.path.basename(f))[0] not in names:
                os.remove(f)
    os.makedirs(EXPECTED, exist_ok=True)
    failed = False
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for name, result, problems in pool.map(process, scripts):
            err = result["error"]
            status = "ok" if err is None else f"{err['type']} at line {err['line']}"
            extra = f", {len(result['warnings'])} warning(s)" if result["warnings"] else ""
            print(f"{name}: {status}{extra}")
            for p in problems:
                failed = True
                print(f"  PROBLEM: {p}")
    print(f"corpus: {len(scripts)} scripts -> {os.path.relpath(EXPECTED, ROOT)}")
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--plain":
        run_plain(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "--record":
        run_record(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1:])
