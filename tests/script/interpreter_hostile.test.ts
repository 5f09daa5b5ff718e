/**
 * Hostile scripts: values too large to build, unsupported PyTorch APIs,
 * output floods and undecodable sources. Each must end quickly with a clear
 * Python-style error (never a heap overflow, a hang or a leaked JS exception),
 * and where CPython + PyTorch give an error, with its wording.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputRecord } from '../../core/run/run_result';
import { runScript } from '../../core/run/run_script';
import type { RunOptions } from '../../core/run/run_script';
import { runRunCommand } from '../../main/cli/run_command';
import { decodeSource } from '../../main/cli/source_decode';
import { normalizeAddresses } from '../cli/corpus_helpers';
import { pythonAvailable, runInPython } from './live_python';

/** Runs a script and checks it took at most `maxMs` (the point of most tests here). */
function run(src: string, maxMs = 2000, options: RunOptions = {}) {
  const t0 = performance.now();
  const { result } = runScript(src, options);
  const ms = performance.now() - t0;
  expect(ms).toBeLessThan(maxMs);
  return result;
}

const errorLine = (r: ReturnType<typeof run>): string | null => (r.error === null ? null : `${r.error.type}: ${r.error.message}`);

describe('values too large to build are refused before they are built', () => {
  it('a string doubled 27 times (the audit\'s heap overflow)', () => {
    const r = run('s = "ab"\nfor i in range(27):\n    s = s + s\nprint(len(s))\n');
    expect(r.error).toMatchObject({ type: 'MemoryError', line: 3 });
    expect(r.error?.message).toBe('Autograd Lab refuses to build a string of 16777216 characters (the limit is 10000000 characters)');
    // The variable summary of the largest string built so far stays small.
    const s = r.variables.find((v) => v.name === 's');
    expect(s?.repr.length).toBeLessThanOrEqual(10_001);
    expect(s?.repr.endsWith('…')).toBe(true);
  });

  it('[0] * 10**9, "ab" * 10**9, f-strings, list(range(10**9))', () => {
    const cases: [string, RegExp][] = [
      ['x = [0] * 10**9', /^MemoryError: .* list of 1000000000 items \(the limit is 10000000 items\)$/],
      ['x = (0,) * 10**9', /^MemoryError: .* tuple of 1000000000 items/],
      ['x = "ab" * 10**9', /^MemoryError: .* string of 2000000000 characters/],
      ['x = 10**9 * "ab"', /^MemoryError: .* string of 2000000000 characters/],
      ['a = "a" * 4000000\nx = f"{a}{a}{a}"', /^MemoryError: .* string of 12000000 characters/],
      ['x = list(range(10**9))', /^MemoryError: .* list of 1000000000 items/],
      ['x = tuple(range(10**12))', /^MemoryError: .* tuple of 1000000000000 items/],
      ['x = [0] * 6000000\nx += x', /^MemoryError: .* list of 12000000 items/],
      ['x = [[0] * 6000000] * 2\ny = sum(x, [])', /^MemoryError: .* list of 12000000 items/],
      ['x = f"{1:>1000000000}"', /^MemoryError: Autograd Lab refuses the format spec '>1000000000'/],
      ['x = "ab" * -5\nprint(repr(x), [1] * -1)', /^$/],
      ['s = "a" * 4000000\nprint(s, s, s)', /^MemoryError: .* string of 12000003 characters/],
    ];
    for (const [src, want] of cases) {
      const r = run(src + '\n', 1000);
      expect(errorLine(r) ?? '', src).toMatch(want);
    }
  });

  it('list.append stops at the list limit', () => {
    const r = run('a = []\nfor i in range(100):\n    a.append(i)\n', 1000, { limits: { maxSequenceLength: 50 } });
    expect(r.error).toMatchObject({ type: 'MemoryError', line: 3 });
  });

  it('unpacking reads one value past the targets, not the whole iterable', () => {
    expect(errorLine(run('a, b = range(10**12)\n'))).toBe('ValueError: too many values to unpack (expected 2)');
  });

  it('sum, min and max over a huge range stop at the time limit', () => {
    for (const f of ['sum', 'min', 'max']) {
      const r = run(`x = ${f}(range(10**12))\n`, 3000, { limits: { maxWallTimeMs: 300 } });
      expect(r.error, f).toMatchObject({ type: 'LimitExceeded', message: 'Autograd Lab stopped the script after 300 ms (the time limit)', line: 1 });
    }
  });

  it('repeated squaring of an int is refused before the product is computed', () => {
    const r = run('x = 3 ** 300000\nfor i in range(10):\n    x = x * x\n');
    expect(r.error).toMatchObject({ type: 'LimitExceeded', line: 3 });
    expect(r.error?.message).toContain('more than 1000000 bits');
  });

  it('torch.tensor of a list that shares one row a thousand times is counted before conversion', () => {
    const r = run('import torch\nrow = [0.0] * 1000000\nt = torch.tensor([row] * 1000)\n');
    expect(r.error).toMatchObject({ type: 'LimitExceeded', line: 3 });
    expect(r.error?.message).toContain('refuses to create a tensor of 10000001 elements');
  });

  it('tensors kept in a list count towards the total (appends are not assignments)', () => {
    const r = run('import torch\na = []\nfor i in range(100):\n    a.append(torch.ones(1000))\n', 2000, { limits: { maxTotalElements: 10_000 } });
    expect(r.error).toMatchObject({ type: 'LimitExceeded', line: 4 });
  });

  it('the autograd graph counts towards the total: y = y * x in a loop keeps every y alive', () => {
    const src = 'import torch\nx = torch.ones(10**6, requires_grad=True)\ny = x\nfor i in range(1000):\n    y = y * x\n';
    const r = run(src, 3000, { limits: { maxTotalElements: 20_000_000 } });
    expect(r.error).toMatchObject({ type: 'LimitExceeded', line: 5 });
    expect(r.error?.message).toMatch(/^Autograd Lab stopped the script: its variables and the autograd graph behind them hold \d+ tensor elements \(the limit is 20000000 in total\)$/);
    // A training loop that drops each graph keeps running.
    const loop = 'import torch\nw = torch.ones(10**5, requires_grad=True)\nfor i in range(300):\n    loss = (w * w).sum()\n    loss.backward()\n    with torch.no_grad():\n        w -= 0.1 * w.grad\n        w.grad.zero_()\n';
    expect(run(loop, 5000, { limits: { maxTotalElements: 2_000_000 } }).error).toBeNull();
  });

  it('a matrix product too large to finish in time is refused before it starts', () => {
    const cases: [string, RegExp][] = [
      ['a = torch.ones(3000, 3000)\nb = a @ a', /^LimitExceeded: Autograd Lab refuses a matrix product of \[3000, 3000\] by \[3000, 3000\]: 27000000000 multiply-adds \(the limit is 5000000000\)$/],
      ['a = torch.ones(3000, 3000)\nb = torch.mm(a, a)', /^LimitExceeded: .*matrix product/],
      ['a = torch.ones(10**7, 1)\nb = a.mm(a.t())', /^LimitExceeded: .* tensor of 100000000000000 elements/],
      ['a = torch.ones(1000, 1, 1, 10000)\nb = torch.ones(1, 1000, 10000, 1)\nc = a @ b', /^LimitExceeded: .* tensor of 10000000000 elements/],
    ];
    for (const [src, want] of cases) expect(errorLine(run(`import torch\n${src}\n`, 1000)) ?? '', src).toMatch(want);
  });

  it('tensor objects cost heap beyond their data: list(t) of ten million rows and a million appended views', () => {
    expect(errorLine(run('import torch\nx = list(torch.ones(10**7))\n', 1000))).toBe(
      'LimitExceeded: Autograd Lab refuses to split a tensor into 10000000 tensors (the limit is 1562500 tensors)',
    );
    const r = run('import torch\nx = torch.ones(10)\na = []\nfor i in range(1000000):\n    a.append(x[0])\n', 5000, { limits: { maxTotalElements: 3_200_000 } });
    expect(r.error).toMatchObject({ type: 'LimitExceeded', line: 5 });
    expect(r.variables.find((v) => v.name === 'a')?.repr.endsWith('…')).toBe(true);
  });

  it('a script past the source limit is refused as a limit, not a SyntaxError', () => {
    const r = run('x = 1\n'.repeat(200_000));
    expect(r.error).toMatchObject({ type: 'LimitExceeded', line: 1 });
    expect(r.error?.message).toBe('Autograd Lab refuses a script of 1200000 characters (the limit is 1000000 characters)');
  });

  it('a decimal int literal past 4300 digits is a SyntaxError before anything runs, as in CPython', () => {
    const r = run(`print(1)\nx = 2 + ${'1'.repeat(5000)}\n`);
    expect(r.stdout).toBe('');
    expect(r.error).toMatchObject({ type: 'SyntaxError', line: 2, col: 9 });
    expect(r.error?.message).toBe(
      'Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use sys.set_int_max_str_digits() ' +
        'to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits. (line 2, column 9)',
    );
    expect(run(`x = 0x${'f'.repeat(5000)}\nprint(x > 0)\n`).stdout).toBe('True\n');
  });

  it('indexing a long string costs nothing per index', () => {
    const r = run('s = "ab" * 1000000\nn = 0\nfor i in range(20000):\n    n = n + len(s[i])\nprint(n, s[-1], s[1999999], len(s))\n');
    expect(r.stdout).toBe('20000 b b 2000000\n');
  });
});

describe('summaries and output stay bounded', () => {
  it('variable reprs are cut with a … marker; printing the value itself is whole', () => {
    const r = run('a = list(range(1000000))\ns = "x" * 2000000\nprint(len(str(a)))\n', 5000);
    expect(r.stdout).toBe(`${`[${Array.from({ length: 1_000_000 }, (_, i) => i).join(', ')}]`.length}\n`);
    const a = r.variables.find((v) => v.name === 'a');
    expect(a?.repr.length).toBe(10_001);
    expect(a?.repr.startsWith('[0, 1, 2, 3, ')).toBe(true);
    expect(a?.repr.endsWith('…')).toBe(true);
    expect(r.variables.find((v) => v.name === 's')?.repr).toBe(`'${'x'.repeat(9_999)}…`);
  });

  it('str() of a list past the string limit is a MemoryError, not a heap overflow', () => {
    // A million references to one list of a million: 10**12 items to print.
    const r = run('a = [0] * 1000000\nb = [a] * 1000000\nprint(b)\n');
    expect(r.error).toMatchObject({ type: 'MemoryError', line: 3 });
    expect(r.variables.find((v) => v.name === 'b')?.repr.endsWith('…')).toBe(true);
  });

  it('a list nested 100,000 deep: print is a RecursionError, the summary still works', () => {
    const r = run('a = []\nfor i in range(100000):\n    a = [a]\nprint(a)\n', 5000);
    expect(errorLine(r)).toBe('RecursionError: maximum recursion depth exceeded while getting the repr of an object');
    expect(r.error?.line).toBe(4);
    expect(r.variables.find((v) => v.name === 'a')?.repr.startsWith('[[[[')).toBe(true);
  });

  it('output past the record budget still streams, and the result says it was cut', () => {
    const streamed: OutputRecord[] = [];
    const r = run('for i in range(1000):\n    print(i)\n', 2000, { maxRecordedOutput: 100, onOutput: (o) => streamed.push(o) });
    expect(streamed).toHaveLength(1000);
    const prints = r.records.filter((o) => o.kind === 'print');
    expect(prints.length).toBeLessThan(60);
    expect(r.stdout).toBe(prints.map((p) => p.text).join(''));
    expect(r.records[r.records.length - 1]).toMatchObject({ kind: 'warning', category: 'ResourceWarning' });
  });

  it('printing a 10**7-element tensor is summarized and fast', () => {
    const r = run('import torch\nx = torch.ones(10**7)\nprint(x)\n', 3000);
    expect(r.stdout).toBe('tensor([1., 1., 1.,  ..., 1., 1., 1.])\n');
  });
});

describe('unsupported PyTorch APIs name the construct, line and column', () => {
  const cases: [string, string][] = [
    ['x.numpy()', "'Tensor.numpy()' (line 3, column 1)"],
    ['y = x.argsort()', "'Tensor.argsort()' (line 3, column 5)"],
    ['y = 2 * x.roll(1, 0)', "'Tensor.roll()' (line 3, column 9)"],
    ['y = x.max(0)', "'max(dim)' (it returns values and indices); use max() over all elements (line 3, column 5)"],
    ['y = torch.min(x, 0)', "'min(dim)' (it returns values and indices); use min() over all elements (line 3, column 5)"],
    ['y = [x.expand(2, 3)]', "'Tensor.expand()' (line 3, column 6)"],
    ['y = torch.flip(x, [0])', "'torch.flip()' (line 3, column 5)"],
    ['y = torch.nonzero(x > 0)', "'torch.nonzero()' (line 3, column 5)"],
    ['y = torch.nn.functional.gelu(x)', "'torch.nn.functional.gelu()' (line 3, column 5)"],
    ['layer = torch.nn.Linear(3, 1)', "'torch.nn.Linear' (line 3, column 9)"],
    ['opt = torch.optim.AdamW([x], lr=0.1)', "'torch.optim.AdamW' (line 3, column 7)"],
    ['y = (x\n     .cumsum(0))', "'Tensor.cumsum()' (line 3, column 6)"],
    ['print(x // 2)', "'//' on tensors (line 3, column 7)"],
    ['y = round(x)', "'round(tensor)'; use round(t.item(), n) (line 3, column 5)"],
    ['y = zip([1], [2])', "'zip()' (line 3, column 5)"],
    ['y = [3, 1].sort()', "'list.sort()' (line 3, column 5)"],
    ['x.foo = 1', "'Tensor.foo = ...' (line 3, column 1)"],
    ['y = x[[0, 1]]', "'indexing with a tensor, list or bool (advanced indexing)' (line 3, column 5)"],
  ];
  for (const [code, where] of cases) {
    it(code.split('\n')[0], () => {
      const r = run(`import torch\nx = torch.ones(3)\n${code}\n`);
      expect(errorLine(r)).toBe(`NotImplementedError: Autograd Lab does not support ${where}`);
      expect(r.error?.line).toBe(3);
      expect(r.error?.col).toBe(Number(/column (\d+)\)$/.exec(where)?.[1]));
    });
  }
});

// ---------------------------------------------------------------- against real CPython + PyTorch

const SNIPPETS: Record<string, string> = {
  unpack_non_iterable: 'a, b = 1',
  unpack_none: 'a, b = None',
  int_str_limit: 'print(2 ** 20000)',
  int_fstring_limit: 'x = 2 ** 20000\nprint(f"{x:,}")',
  int_hex_no_limit: 'x = 2 ** 20000\nprint(len(f"{x:x}"))',
  int_parse_limit: 'int("1" * 5000)',
  int_parse_leading_zeros: 'int("0" * 5000 + "1")',
  int_literal_repr_cut: 'int("ab" * 300)',
  int_literal_quote: 'int("it\'s")',
  self_referential_list: 'a = [1, 2]\na.append(a)\nprint(a, len(a), str(a), a == a)',
  list_identity_compare: 'import torch\nt = torch.ones(3)\nprint([t] == [t], (t, 1) == (t, 1), [t] in [[t]])',
  deep_compare: 'a = []\nb = []\nfor i in range(5000):\n    a = [a]\n    b = [b]\nprint(a == b)',
  deep_order: 'a = []\nb = []\nfor i in range(5000):\n    a = [a]\n    b = [b]\nprint(a < b)',
  deep_repr: 'a = []\nfor i in range(5000):\n    a = [a]\nprint(a)',
  tensor_no_attribute: 'import torch\nx = torch.ones(3)\nx.foo()',
  torch_no_attribute: 'import torch\ntorch.foo(1)',
  functional_no_attribute: 'import torch.nn.functional as F\nF.foo',
  math_no_attribute: 'import math\nmath.foo',
  size_no_attribute: 'import torch\ntorch.ones(2).shape.foo',
  list_no_attribute: '[1].foo',
  str_no_attribute: '"a".foo',
  float_overflow: 'print(10 ** 400 * 1.0)',
  float_of_huge_int: 'float(10 ** 400)',
  round_of_inf: 'round(1e308 * 10)',
  float_strings: 'print(float("inf"), float("-inf"), float("nan"), float(" 1e400 "))',
  int_of_bad_string: 'int("abc")',
  int_string_underscores: 'print(int(" -0012 "), int("1_000"))\nint("_1")',
  float_string_underscores: 'print(float("1_0.5"), float(" 1e400 "), float("-0"))\nfloat("1__0")',
  index_sized_list: 'print([1, 2, 3][-10**20:10**20])\n[1, 2, 3][10**20]',
  index_sized_str: '"abc"[10**20]',
  index_sized_repeat: '"a" * 10**20',
  range_len_overflow: 'print(range(10**20)[5], len(range(10**18)))\nlen(range(10**20))',
  int_true_division: 'print(10**400 / 10**399, -(10**400) / 7 * 1e-300, 1 / 10**400, (2**53 + 1) / 1)\nprint(10**400 / 3)',
  int64_overflow_tensor: 'import torch\ntorch.tensor(2**63)',
  int64_overflow_operand: 'import torch\ntorch.ones(2) * 10**400',
  int64_overflow_index: 'import torch\ntorch.ones(3)[10**20]',
  tensor_slice_step_zero: 'import torch\ntorch.ones(3)[::0]',
  tensor_bool_empty: 'import torch\nbool(torch.ones(0))',
  tensor_0d_index: 'import torch\ntorch.tensor([1.])[0][0]',
  math_of_tensor: 'import torch, math\nmath.sqrt(torch.ones(3))',
  requires_grad_not_bool: 'import torch\nx = torch.ones(3)\nx.requires_grad = 1',
  eye_negative: 'import torch\ntorch.eye(-1)',
  with_not_context_manager: 'with 5:\n    pass',
  len_code_points: 'print(len("h\\U0001F600llo"), "h\\U0001F600llo"[1] == "\\U0001F600", "h\\U0001F600llo"[2])',
};

const available = pythonAvailable();

describe.skipIf(!available)('hostile snippets against real Python + PyTorch (live)', () => {
  const python = available ? runInPython(SNIPPETS) : {};
  for (const [name, src] of Object.entries(SNIPPETS)) {
    it(name, () => {
      const r = run(src + '\n', 3000);
      expect(normalizeAddresses(r.stdout)).toBe(normalizeAddresses(python[name].stdout));
      expect(errorLine(r)).toBe(python[name].error);
    });
  }
});

// ---------------------------------------------------------------- undecodable sources

const BAD_SOURCES: Record<string, number[]> = {
  bad_first_byte: [0xff, ...Buffer.from(' = 1\n')],
  bad_in_string: [...Buffer.from('x = 1\ny = "'), 0xc3, 0x28, ...Buffer.from('"\n')],
  bad_in_comment: [...Buffer.from('print(1)\n# caf'), 0xe9, 0x0a],
  declared_utf8_bad_string: [...Buffer.from('# -*- coding: utf-8 -*-\nx = 1\ny = "'), 0xff, ...Buffer.from('"\n')],
  declared_utf8_bad_comment: [...Buffer.from('# coding: utf-8\nprint(2)  # '), 0xff, 0x0a],
  declared_utf8_truncated: [...Buffer.from('# coding: utf-8\nx = "abc" + "d'), 0xc3, ...Buffer.from('"\n')],
  declared_latin1: [...Buffer.from('# coding: latin-1\nprint("caf'), 0xe9, ...Buffer.from('")\n')],
  unknown_encoding: [...Buffer.from('# coding: klingon\nprint(1)\n')],
  bom_is_fine: [0xef, 0xbb, 0xbf, ...Buffer.from('print("bom")\n')],
};

interface CliOutcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function ourCli(file: string): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const status = await runRunCommand([file], {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: () => Promise.reject(new Error('no stdin')),
  });
  return { status, stdout, stderr };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agl-hostile-'));

describe.skipIf(!available)('undecodable sources give the SyntaxError CPython gives', () => {
  for (const [name, bytes] of Object.entries(BAD_SOURCES)) {
    it(name, async () => {
      const file = path.join(dir, `${name}.py`);
      fs.writeFileSync(file, Buffer.from(bytes));
      const py = spawnSync('/usr/bin/python3', [file], { encoding: 'utf8', timeout: 20_000 });
      const ours = await ourCli(file);
      expect(ours.status).toBe(py.status);
      expect(ours.stdout).toBe(py.stdout);
      // The message is CPython's; the traceback above it may place its caret differently.
      const last = (s: string): string => s.trimEnd().split('\n').pop() ?? '';
      expect(last(ours.stderr)).toBe(last(py.stderr));
      if (!/\(unicode error\)/.test(py.stderr)) expect(ours.stderr).toBe(py.stderr);
    });
  }

  it('stdin is decoded strictly too, and --json reports the error with its line', async () => {
    let stdout = '';
    const status = await runRunCommand(['-', '--json'], {
      stdout: (s) => void (stdout += s),
      stderr: () => undefined,
      readStdin: () => Promise.reject(new Error('bytes expected')),
      readStdinBytes: () => Promise.resolve(Uint8Array.from(BAD_SOURCES.bad_in_string)),
    });
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      error: {
        type: 'SyntaxError',
        message: "Non-UTF-8 code starting with '\\xc3' in file <stdin> on line 2, but no encoding declared; see https://peps.python.org/pep-0263/ for details",
        line: 2,
      },
    });
  });

  it('valid UTF-8 decodes unchanged', () => {
    const text = 'x = "héllo 😀"\n';
    expect(decodeSource(new TextEncoder().encode(text), 'f.py')).toEqual({ ok: true, source: text });
  });
});

describe('the CLI under a flood of output', () => {
  it('the CLI streams a flood of prints and keeps none of them', async () => {
    const file = path.join(dir, 'flood.py');
    fs.writeFileSync(file, 'for i in range(200000):\n    print(i)\n');
    let writes = 0;
    let chars = 0;
    const t0 = performance.now();
    const status = await runRunCommand([file], {
      stdout: (s) => {
        writes++;
        chars += s.length;
      },
      stderr: () => undefined,
      readStdin: () => Promise.reject(new Error('no stdin')),
    });
    expect(status).toBe(0);
    expect(writes).toBe(200_000);
    expect(chars).toBe(Array.from({ length: 200_000 }, (_, i) => `${i}\n`).join('').length);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
