"""Regenerates every PyTorch oracle fixture: runs each tests/oracle/gen_*.py,
then run_corpus.py, each with /usr/bin/python3 (PyTorch 1.13 + sympy).

    /usr/bin/python3 tests/oracle/generate.py              # what `npm run oracle` runs
    /usr/bin/python3 tests/oracle/generate.py ops corpus   # only steps whose name contains a word
    /usr/bin/python3 tests/oracle/generate.py --list       # show the steps, run nothing

Generators are discovered, not listed, so a new gen_<topic>.py is picked up
without touching this file. Exits non-zero if any generator fails; the others
still run, so one broken generator does not hide the state of the rest.
"""

import glob
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PYTHON = "/usr/bin/python3"


def main(words):
    listing = "--list" in words
    words = [w for w in words if w != "--list"]
    steps = sorted(glob.glob(os.path.join(HERE, "gen_*.py"))) + [os.path.join(HERE, "run_corpus.py")]
    if words:
        steps = [s for s in steps if any(w in os.path.basename(s) for w in words)]
    if listing:
        for path in steps:
            print(os.path.relpath(path, ROOT))
        return
    failed = []
    for path in steps:
        rel = os.path.relpath(path, ROOT)
        print(f"== {rel}", flush=True)
        start = time.monotonic()
        # Fixed hash seed: nothing should depend on it, but set-ordering bugs
        # would otherwise show up as flaky fixture diffs.
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
        rc = subprocess.run([PYTHON, path], cwd=ROOT, env=env).returncode
        print(f"   {rel}: {'ok' if rc == 0 else f'FAILED (exit {rc})'} in {time.monotonic() - start:.1f}s",
              flush=True)
        if rc != 0:
            failed.append(rel)
    if failed:
        print(f"oracle: {len(failed)} of {len(steps)} generators failed: {', '.join(failed)}")
        sys.exit(1)
    print(f"oracle: all {len(steps)} generators ok")


if __name__ == "__main__":
    main(sys.argv[1:])
