/**
 * Live differential test of control flow and functions: `if`/`elif`/`else`,
 * conditional expressions, `while`, loop `else`, `def`, `lambda`, `return`,
 * `global`, closures and `f(*xs)`. Each snippet runs in real Python +
 * PyTorch (/usr/bin/python3) and in the interpreter; stdout and the error's
 * `Type: message` must be identical. Skipped where torch is not installed.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../core/run/run_script';
import { itMatchesPython, pythonAvailable, runInPython } from './live_python';


const TRUTH: Record<string, string> = {
  truthiness_python_values: [
    'for v in [0, 1, -2, 0.0, -0.0, 0.5, float("nan"), "", "a", [], [0], (), (0,), None, True, False, range(0), range(2)]:',
    '    if v:',
    '        print(repr(v), "true")',
    '    else:',
    '        print(repr(v), "false")',
  ].join('\n'),
  truthiness_tensors: [
    'import torch',
    'for t in [torch.tensor(0.), torch.tensor(2.), torch.tensor([0]), torch.tensor([[3]]), torch.tensor(True), torch.tensor([False]), torch.tensor(-0.)]:',
    '    print(t, "yes" if t else "no")',
  ].join('\n'),
  truthiness_tensor_ambiguous: 'import torch\nx = torch.tensor([1., 2.])\nif x > 0:\n    print("never")',
  truthiness_tensor_empty: 'import torch\nif torch.tensor([]):\n    pass',
  truthiness_objects: 'import torch\nx = torch.ones(2, requires_grad=True)\ny = x * 2\nif y.grad_fn:\n    print("has grad_fn")\nif x.grad_fn:\n    print("never")\nif x.shape:\n    print(x.shape)\nif torch.float32:\n    print("dtype")\nif print:\n    print("builtin")',
  if_elif_else_chain: [
    'for n in range(-2, 5):',
    '    if n < 0:',
    '        print(n, "negative")',
    '    elif n == 0:',
    '        print(n, "zero")',
    '    elif n % 2 == 0:',
    '        print(n, "even")',
    '    else:',
    '        print(n, "odd")',
  ].join('\n'),
  if_one_line_and_nested: 'x = 3\nif x > 2: print("big"); print("still")\nif x:\n    if x > 5:\n        print("huge")\n    else:\n        if x == 3:\n            print("three")\nprint("end")',
  if_bool_ops: 'a, b = 0, "s"\nif a or b:\n    print("or", a or b)\nif not a and b:\n    print("and", not a and b)\nif a is None or b is not None:\n    print("is")\nif 1 < 2 < 3 and "s" in b:\n    print("chain")',
  ifexp_forms: 'import torch\nx = torch.tensor(2.)\nprint("pos" if x > 0 else "neg", 1 if [] else 2, (3 if None else 4) * 2)\nprint([1] if False else "skip", -1 if 0 else -2 if 0 else -3)',
  ifexp_nested_lazy: 'def boom():\n    return 1 / 0\nx = 5\nprint("a" if x > 3 else boom(), boom() if x < 3 else "b", "c" if x > 9 else "d" if x > 4 else "e")',
  if_tensor_item_compare: 'import torch\nloss = torch.tensor(0.25)\nif loss.item() < 0.5:\n    print("converged", loss.item())\nif loss < 0.5:\n    print("tensor compare works too")',
};

const LOOPS: Record<string, string> = {
  while_counting: 'i = 0\ntotal = 0\nwhile i < 10:\n    i += 1\n    if i % 3 == 0:\n        continue\n    total += i\nprint(i, total)',
  while_break_else: 'n = 0\nwhile True:\n    n += 1\n    if n >= 4:\n        break\nelse:\n    print("not printed")\nprint(n)\nm = 3\nwhile m > 0:\n    m -= 1\nelse:\n    print("else ran", m)',
  while_one_line: 'k = 6\nwhile k: k -= 2; print(k)',
  while_condition_error: 'import torch\nw = torch.tensor([1., 2.])\nwhile w:\n    pass',
  for_else: 'for i in range(3):\n    if i == 5:\n        break\nelse:\n    print("no break", i)\nfor j in [1, 2, 3]:\n    if j == 2:\n        break\nelse:\n    print("not printed")\nprint(j)\nfor k in []:\n    pass\nelse:\n    print("empty loop else")',
  nested_loops_break: 'for i in range(3):\n    for j in range(3):\n        if j > i:\n            break\n        print(i, j, end="; ")\n    else:\n        print("inner done", end="; ")\nprint()',
  gradient_descent_while: [
    'import torch',
    'w = torch.tensor(0., requires_grad=True)',
    'step = 0',
    'loss = (w - 2) ** 2',
    'while loss.item() > 1e-4:',
    '    loss.backward()',
    '    with torch.no_grad():',
    '        w -= 0.2 * w.grad',
    '    w.grad.zero_()',
    '    loss = (w - 2) ** 2',
    '    step += 1',
    'print(step, w, loss)',
  ].join('\n'),
  break_inside_no_grad_restores: 'import torch\nfor i in range(3):\n    with torch.no_grad():\n        if i == 1:\n            break\nprint(torch.is_grad_enabled(), i)',
};

const FUNCTIONS: Record<string, string> = {
  def_basic: 'def square(x):\n    return x * x\nprint(square(3), square(2.5), square(x=4))',
  def_defaults_keywords: 'def f(a, b=2, c=3):\n    return a * 100 + b * 10 + c\nprint(f(1), f(1, 5), f(1, c=7), f(c=0, b=0, a=9), f(*[4, 5, 6]))',
  def_default_evaluated_once: 'def add(x, acc=[]):\n    acc.append(x)\n    return acc\nprint(add(1), add(2), add(3, []))\nn = 10\ndef g(v=n):\n    return v\nn = 20\nprint(g())',
  def_return_none: 'def nothing():\n    pass\ndef bare():\n    return\ndef early(x):\n    if x:\n        return "early"\n    print("fell through")\nprint(nothing(), bare(), early(1), early(0))',
  def_multiple_returns: 'def divmod_(a, b):\n    return a // b, a % b\nq, r = divmod_(17, 5)\nprint(q, r, divmod_(9, 4))',
  def_recursion: 'def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint(fact(20), fact(30), fib(15))',
  def_mutual_recursion: 'def is_even(n):\n    return True if n == 0 else is_odd(n - 1)\ndef is_odd(n):\n    return False if n == 0 else is_even(n - 1)\nprint(is_even(10), is_odd(7), is_even(7))',
  def_functions_as_values: 'def inc(x):\n    return x + 1\ndef twice(f, x):\n    return f(f(x))\nfs = [inc, abs, lambda v: v * 10]\nprint(twice(inc, 1), [fs[0](-3), fs[1](-3), fs[2](-3)], twice(fs[2], 2), twice(str, 5))',
  def_repr: 'def f():\n    pass\ndef outer():\n    def inner():\n        pass\n    return inner\nprint(f, outer(), lambda: 0)\nprint([f], repr(f) == str(f), f"{f}")',
  def_scoping_reads_globals: 'scale = 3\ndef f(x):\n    return x * scale\nprint(f(2))\nscale = 5\nprint(f(2))',
  def_scoping_locals_stay_local: 'x = "global"\ndef f():\n    x = "local"\n    return x\nprint(f(), x)\ndef g(y):\n    y = y + 1\n    return y\ny = 1\nprint(g(y), y)',
  def_global_statement: 'count = 0\ndef bump(by=1):\n    global count\n    count += by\n    return count\nbump()\nbump(5)\nprint(count)\ndef make():\n    global made\n    made = "yes"\nmake()\nprint(made)',
  def_closures: 'def make_adder(n):\n    def add(x):\n        return x + n\n    return add\nadd2 = make_adder(2)\nadd10 = make_adder(10)\nprint(add2(1), add10(1))\ndef counter():\n    total = 0\n    def peek():\n        return total\n    total = 5\n    return peek\nprint(counter()())',
  def_lambda: 'sq = lambda x: x ** 2\nadd = lambda a, b=10: a + b\nprint(sq(4), add(1), add(1, 2), (lambda *a: len(a))(1, 2, 3), (lambda: "none")())',
  def_varargs_kwonly: 'def f(a, *rest, sep="-", end):\n    return a, rest, sep, end\nprint(f(1, 2, 3, end="!"), f(0, end=None, sep="+"))',
  def_nested_calls_and_print: 'def show(*items):\n    print(*items, sep=", ")\n    return len(items)\nprint(show(1, "a", [2]), show())',
  star_args_calls: 'import torch\ntorch.manual_seed(0)\nshape = (2, 3)\nx = torch.randn(*shape)\nprint(x)\nprint(torch.zeros(*x.shape).shape, torch.ones(*[2], 2).shape)\nitems = ["a", "b", "c"]\nprint(*items)\nprint(*items, sep="|")\nprint(*range(3), *"xy", *(1.5,), *torch.tensor([1, 2]))\nprint(max(*[3, 9, 2]), min(*(4, 1)))',
  star_args_on_script_function: 'def f(a, b, c=0):\n    return a + b + c\nargs = [1, 2]\nprint(f(*args), f(*args, 3), f(1, *[2, 3]), f(*(5,), b=6), f(*[], 1, 2))',
  unbound_local: 'x = 1\ndef f():\n    print(x)\n    x = 2\nf()',
  unbound_local_augassign: 'total = 0\ndef add(v):\n    total += v\nadd(1)',
  free_variable_unbound: 'def outer():\n    def inner():\n        return z\n    r = inner()\n    z = 1\n    return r\nouter()',
  error_missing_argument: 'def f(x):\n    return x\nf()',
  error_missing_three: 'def f(a, b, c, d=1):\n    pass\nf()',
  error_missing_two: 'def f(a, b):\n    pass\nf()',
  error_too_many: 'def f(x):\n    return x\nf(1, 2)',
  error_too_many_range: 'def f(x, y=1):\n    pass\nf(1, 2, 3)',
  error_zero_takes: 'def f():\n    pass\nf(1)',
  error_too_many_with_kwonly: 'def f(x, *, k=1):\n    pass\nf(1, 2, k=3)',
  error_unexpected_keyword: 'def f(x):\n    return x\nf(1, y=2)',
  error_multiple_values: 'def f(x, y):\n    pass\nf(1, 2, x=3)',
  error_missing_kwonly: 'def f(a, *, key, other):\n    pass\nf(1)',
  error_nested_qualname: 'def outer():\n    def inner(v):\n        pass\n    inner()\nouter()',
  error_lambda_args: 'f = lambda: 0\nf(1)',
  error_star_not_iterable: 'def f(*a):\n    pass\nf(*5)',
  error_print_star_not_iterable: 'print(*None)',
  error_torch_star_not_iterable: 'import torch\ntorch.randn(*3)',
  error_math_star_not_iterable: 'import math\nmath.sqrt(*1)',
  error_method_star_not_iterable: 'import torch\ntorch.ones(2).view(*1.5)',
  error_lambda_star_not_iterable: '(lambda: 0)(*None)',
  error_function_not_subscriptable: 'def f():\n    pass\nf[0]',
  error_call_result_none: 'def f():\n    pass\nf()()',
  error_inside_function: 'def g(v):\n    return v / 0\ndef f(v):\n    return g(v) + 1\nf(2)',
  error_tensor_inside_function: 'import torch\ndef loss(x):\n    return (x ** 2).backward()\nloss(torch.tensor([1., 2.], requires_grad=True))',
  recursion_error: 'def down(n):\n    return down(n + 1)\ndown(0)',
  recursion_error_mutual: 'def a(n):\n    return b(n)\ndef b(n):\n    return a(n)\na(1)',
  name_error_in_function: 'def f():\n    return undefined_name\nf()',
  main_guard: 'import torch\ndef main():\n    x = torch.ones(2, requires_grad=True)\n    (x * 3).sum().backward()\n    print(x.grad)\nif __name__ == "__main__":\n    main()\nprint(__name__)',
  function_redefined: 'def f():\n    return 1\nprint(f())\ndef f():\n    return 2\nprint(f())',
  def_inside_loop_and_if: 'fs = []\nfor i in range(3):\n    def f(v=i):\n        return v * 10\n    fs.append(f)\nprint(fs[0](), fs[2]())\nif True:\n    def g():\n        return "g"\nprint(g())',
};

const AUTOGRAD: Record<string, string> = {
  training_loop_with_if: [
    'import torch',
    'torch.manual_seed(0)',
    'x = torch.linspace(-1, 1, 20)',
    'y = 3 * x + 0.5',
    'w = torch.zeros(1, requires_grad=True)',
    'b = torch.zeros(1, requires_grad=True)',
    'def model(x):',
    '    return w * x + b',
    'def mse(pred, target):',
    '    return ((pred - target) ** 2).mean()',
    'for step in range(50):',
    '    loss = mse(model(x), y)',
    '    loss.backward()',
    '    with torch.no_grad():',
    '        w -= 0.1 * w.grad',
    '        b -= 0.1 * b.grad',
    '    w.grad.zero_()',
    '    b.grad.zero_()',
    '    if step % 10 == 0:',
    '        print(step, loss)',
    '    elif step == 49:',
    '        print("last", round(loss.item(), 4))',
    'print(w, b)',
  ].join('\n'),
  backward_inside_function: [
    'import torch',
    'def grad_of(f, value):',
    '    x = torch.tensor(value, requires_grad=True)',
    '    y = f(x)',
    '    y.backward()',
    '    return x.grad',
    'def cube(x):',
    '    return x ** 3',
    'print(grad_of(cube, 2.0), grad_of(lambda t: t.sin() * t, 1.0), grad_of(torch.exp, 0.5))',
  ].join('\n'),
  no_grad_inside_function: [
    'import torch',
    'w = torch.tensor([1., -2.], requires_grad=True)',
    'def sgd_step(p, lr=0.5):',
    '    with torch.no_grad():',
    '        p -= lr * p.grad',
    '        p.grad.zero_()',
    '    return p',
    'def inside():',
    '    with torch.no_grad():',
    '        return torch.is_grad_enabled(), (w * 2).requires_grad',
    'loss = (w ** 2).sum()',
    'loss.backward()',
    'print(sgd_step(w), w.grad, w.is_leaf, inside(), torch.is_grad_enabled())',
  ].join('\n'),
  loss_function_and_graph: [
    'import torch',
    'def loss_fn(pred, target):',
    '    diff = pred - target',
    '    return (diff * diff).sum()',
    'a = torch.tensor([1., 2., 3.], requires_grad=True)',
    'l = loss_fn(a * 2, torch.tensor([1., 1., 1.]))',
    'print(l, l.grad_fn, l.grad_fn.next_functions[0][0])',
    'l.backward()',
    'print(a.grad)',
  ].join('\n'),
  autograd_grad_in_function: [
    'import torch',
    'def derivative(f, at):',
    '    x = torch.tensor(at, requires_grad=True)',
    '    (g,) = torch.autograd.grad(f(x), x, create_graph=False)',
    '    return g',
    'for p in [0.0, 1.0, 2.0]:',
    '    d = derivative(lambda x: x ** 2 - 3 * x, p)',
    '    print(p, d, "rising" if d > 0 else "flat" if d == 0 else "falling")',
  ].join('\n'),
  accumulate_in_while: [
    'import torch',
    'x = torch.tensor([1., 2.], requires_grad=True)',
    'i = 0',
    'while i < 3:',
    '    (x * (i + 1)).sum().backward()',
    '    i += 1',
    'print(x.grad)',
  ].join('\n'),
  closure_over_parameters: [
    'import torch',
    'def make_model(w):',
    '    def forward(x):',
    '        return (w * x).sum()',
    '    return forward',
    'w = torch.tensor([0.5, -1.], requires_grad=True)',
    'f = make_model(w)',
    'out = f(torch.tensor([2., 3.]))',
    'out.backward()',
    'print(out, w.grad)',
  ].join('\n'),
  relu_by_hand_with_if: [
    'import torch',
    'def relu_scalar(t):',
    '    if t > 0:',
    '        return t',
    '    return t * 0',
    'vals = [torch.tensor(-1., requires_grad=True), torch.tensor(2., requires_grad=True)]',
    'for v in vals:',
    '    out = relu_scalar(v)',
    '    out.backward()',
    '    print(out, v.grad)',
  ].join('\n'),
};

const SNIPPETS: Record<string, string> = { ...TRUTH, ...LOOPS, ...FUNCTIONS, ...AUTOGRAD };

const available = pythonAvailable();

describe.skipIf(!available)('control flow and functions vs real Python + PyTorch (live)', () => {
  const python = available ? runInPython(SNIPPETS) : {};

  itMatchesPython(SNIPPETS, python);
});

/**
 * Errors raised inside functions: the frames of Python's traceback (function
 * name and line, outermost first) and the error's line, which is the line
 * inside the innermost function.
 */
const TRACEBACKS: Record<string, string> = {
  in_function: 'def f(x):\n    y = x + 1\n    return y / 0\nprint("start")\nf(1)',
  two_deep: 'import torch\ndef inner(t):\n    return t.view(3)\n\ndef outer(t):\n    u = t * 2\n    return inner(u)\nx = torch.ones(4)\nouter(x)',
  lambda_frame: 'g = lambda v: v.missing\nprint(1)\ng(2)',
  in_loop_in_function: 'def run(n):\n    i = 0\n    while i < n:\n        if i == 2:\n            undefined_name\n        i += 1\nrun(5)',
  binding_error_is_callers_line: 'def f(a):\n    return a\ndef g():\n    return f(1, 2)\ng()',
  after_a_call_returned: 'def ok():\n    return 1\ndef bad():\n    x = ok()\n    return x + "s"\nbad()',
  module_level: 'def ok():\n    return 1\nok()\nz = ok() + None',
  closure_unbound: 'def outer():\n    def inner():\n        return later\n    v = inner()\n    later = 1\nouter()',
};

const TRACEBACK_RUNNER = `
import contextlib, io, json, sys, traceback
snippets = json.load(sys.stdin)
out = {}
for name, src in snippets.items():
    file = name + ".py"
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(src, file, "exec"), {"__name__": "__main__"})
        out[name] = None
    except Exception as e:
        frames = [{"name": f.name, "line": f.lineno} for f in traceback.extract_tb(e.__traceback__) if f.filename == file]
        out[name] = {"error": f"{type(e).__name__}: {e}", "frames": frames}
json.dump(out, sys.stdout)
`;

interface PythonTraceback {
  error: string;
  frames: { name: string; line: number }[];
}

describe.skipIf(!available)('tracebacks of errors inside functions vs real Python (live)', () => {
  const python: Record<string, PythonTraceback | null> = available
    ? (JSON.parse(spawnSync('/usr/bin/python3', ['-c', TRACEBACK_RUNNER], { input: JSON.stringify(TRACEBACKS), encoding: 'utf8', timeout: 120_000 }).stdout) as Record<string, PythonTraceback | null>)
    : {};

  for (const [name, src] of Object.entries(TRACEBACKS)) {
    it(name, () => {
      const want = python[name];
      expect(want).not.toBeNull();
      if (want === null) return;
      const { result } = runScript(src + '\n', { fileName: `${name}.py` });
      const error = result.error;
      expect(error === null ? null : `${error.type}: ${error.message}`).toBe(want.error);
      expect(error?.traceback).toEqual(want.frames);
      expect(error?.line).toBe(want.frames[want.frames.length - 1].line);
      // stderr: one `File ..., line N, in name` per frame, each followed by its source line.
      const lines = src.split('\n');
      const expected = want.frames.map((f) => `  File "${name}.py", line ${f.line}, in ${f.name}\n    ${lines[f.line - 1].trim()}\n`).join('');
      expect(result.stderr).toBe(`Traceback (most recent call last):\n${expected}${want.error}\n`);
    });
  }
});
