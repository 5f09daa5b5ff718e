/**
 * Live differential test of clamp/clamp_min/clamp_max, torch.where,
 * maximum/minimum, square and argmax/argmin: values (full precision),
 * dtypes, grad_fn names, gradients at bounds, ties and NaN, and errors, run
 * in real PyTorch (/usr/bin/python3) and in the interpreter. Skipped where
 * torch is not installed.
 */
import { describe } from 'vitest';
import { itMatchesPython, pythonAvailable, runInPython } from './live_python';

const DATA = 'import torch\nx = torch.tensor([-2.5, -1.0, -0.3, 0.0, 0.1, 1.0, 1.7, float("nan")], requires_grad=True)\n';
const D64 = 'import torch\nx = torch.tensor([-2.5, -1.0, -0.3, 0.0, 0.1, 1.0, 1.7, float("nan")], dtype=torch.float64, requires_grad=True)\n';

function grads(expr: string, data = DATA): string {
  return `${data}y = ${expr}\nprint(y.grad_fn.name(), y.dtype, y.tolist())\n(y * torch.arange(1., 9.)).sum().backward()\nprint(x.grad.tolist())`;
}

const SNIPPETS: Record<string, string> = {
  maximum_method_number: "import torch\nx = torch.tensor([1., 2.])\nx.maximum(1)",
  minimum_function_number: "import torch\nx = torch.tensor([1., 2.])\ntorch.minimum(x, 2.5)",
  where_method_form: "import torch\nx = torch.tensor([1., -2., 3.], requires_grad=True)\nc = torch.tensor([True, False, True])\ny = x.where(c, torch.tensor(0.5))\nprint(y, y.grad_fn)\ny.sum().backward()\nprint(x.grad)\nb = torch.tensor([True, True, False])\nprint(b.where(c, torch.tensor([False, False, True])))\nprint(x.where(x > 0, 0.0))\n",
  clamp_both: grads('x.clamp(-1, 0.1)'),
  clamp_both_f64: grads('torch.clamp(x, -1, 0.1)', D64),
  clamp_min_kw: grads('x.clamp(min=-0.3)'),
  clamp_max_kw: grads('torch.clamp(x, max=1)'),
  clamp_inverted: grads('x.clamp(1, -1)'),
  clip: grads('x.clip(-1, 1)'),
  clamp_min_fn: grads('torch.clamp_min(x, 0.1)'),
  clamp_max_method: grads('x.clamp_max(-0.3)', D64),
  clamp_float32_bound_rounding: 'import torch\nx = torch.tensor([0.1, 0.2, 0.30000001192092896], requires_grad=True)\ny = x.clamp(0.1, 0.3)\nprint(y.tolist())\ny.sum().backward()\nprint(x.grad.tolist())',
  clamp_signed_zero: 'import torch\nprint(torch.tensor([-0., 0.]).clamp(min=0.).tolist(), torch.tensor([0., -0.]).clamp(max=-0.).tolist(), torch.tensor([-0.]).clamp(0., 0.).tolist())',
  clamp_ints: [
    'import torch',
    'i = torch.tensor([1, 5, -3])',
    'for y in [i.clamp(0, 2), i.clamp(0.5, 2), i.clamp(min=0.5), torch.tensor([True, False]).clamp(0, 1), i.clamp_min(2), i.clamp_max(2.5)]:',
    '    print(y.dtype, y.tolist(), y.requires_grad)',
  ].join('\n'),
  clamp_nan_bound: [
    'import torch',
    'n = float("nan")',
    'x = torch.tensor([-1., 0.5, 2., n] * 5, requires_grad=True)',
    'for f in [lambda: x.clamp(n), lambda: x.clamp(max=n), lambda: x.clamp(0, n), lambda: x.clamp(n, 1), lambda: x.clamp_min(n), lambda: x.clamp_max(n), lambda: torch.tensor([1, 2]).clamp(n), lambda: torch.tensor([1, 2]).clamp_min(n)]:',
    '    y = f()',
    '    print(y.dtype, y.tolist())',
    '    if y.requires_grad:',
    '        y.sum().backward()',
    '        print(x.grad.tolist())',
    '        x.grad = None',
  ].join('\n'),
  clamp_infinite_bounds: grads('x.clamp(float("-inf"), float("inf"))'),
  clamp_no_bounds: 'import torch\ntorch.ones(2).clamp()',
  clamp_none_bounds: 'import torch\ntorch.clamp(torch.ones(2), None, None)',
  clamp_bad_max: 'import torch\ntorch.clamp(torch.ones(2), 1, "b")',
  clamp_bad_min_none_max: 'import torch\ntorch.clamp(torch.ones(2), "a", None)',
  clamp_bad_list: 'import torch\ntorch.clamp(torch.ones(2), [1])',
  clamp_bad_kw_max_only: 'import torch\ntorch.clamp(torch.ones(2), max="x")',
  clamp_mixed_tensor_number: 'import torch\na = torch.ones(2)\ntorch.clamp(a, a, 1.)',
  clamp_min_bad: 'import torch\ntorch.clamp_min(torch.ones(2), "x")',
  clamp_max_none: 'import torch\ntorch.clamp_max(torch.ones(2), None)',
  clamp_min_missing: 'import torch\ntorch.clamp_min(torch.ones(2))',
  clamp_chain: 'import torch\nx = torch.linspace(-2, 2, 9, requires_grad=True)\ny = (x.clamp(-1, 1) * x).clamp_min(-0.5)\ny.sum().backward()\nprint(y.grad_fn, x.grad.tolist())',

  where_basic: [
    'import torch',
    'a = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)',
    'b = torch.tensor([2., 2., 9.], requires_grad=True)',
    'z = torch.where(a > 2.5, a, b)',
    'print(z.grad_fn.name(), z.tolist())',
    '(z * torch.tensor([1., 2., 3.])).sum().backward()',
    'print(a.grad.tolist(), b.grad.tolist())',
  ].join('\n'),
  where_broadcast_cond: [
    'import torch',
    'a = torch.tensor([[1.], [2.]], dtype=torch.float64, requires_grad=True)',
    'b = torch.tensor([0.5, 0.25, 0.125], requires_grad=True)',
    'z = torch.where(torch.tensor([True, False, True]), a, b)',
    'print(z.dtype, z.shape, z.tolist())',
    'z.sum().backward()',
    'print(a.grad.tolist(), a.grad.dtype, b.grad.tolist(), b.grad.dtype)',
  ].join('\n'),
  where_scalars: [
    'import torch',
    'c = torch.tensor([True, False, True])',
    'x = torch.tensor([0.1, 0.2, 0.3], requires_grad=True)',
    'for z in [torch.where(c, 1, 2.5), torch.where(c, 1, 2), torch.where(c, True, 2), torch.where(c, True, False), torch.where(c, x, 2), torch.where(c, 0.7, x), torch.where(c, torch.tensor([1, 2, 3]), x), torch.where(c, torch.tensor(1), torch.tensor([2.]))]:',
    '    print(z.dtype, z.tolist(), z.grad_fn)',
    'torch.where(c, 0.7, x).sum().backward()',
    'print(x.grad.tolist())',
  ].join('\n'),
  where_int_condition: 'import torch\ntorch.where(torch.tensor([1, 0]), torch.ones(2), torch.zeros(2))',
  where_float_condition: 'import torch\na = torch.ones(2)\ntorch.where(a, a, a)',
  where_bad_other: 'import torch\nc = torch.tensor([True, False])\ntorch.where(c, torch.ones(2), "x")',
  where_bad_none: 'import torch\nc = torch.tensor([True, False])\ntorch.where(c, None, torch.ones(2))',
  where_bad_both: 'import torch\nc = torch.tensor([True, False])\ntorch.where(c, 1.5, [1])',
  where_bad_tensor_and_str: 'import torch\nc = torch.tensor([True, False])\ntorch.where(c, torch.tensor(1.), "y")',
  where_bad_int_and_str: 'import torch\nc = torch.tensor([True, False])\ntorch.where(c, 2, "x")',
  where_bad_str_and_bool: 'import torch\nc = torch.tensor([True, False])\ntorch.where(c, "x", True)',
  where_two_args: 'import torch\nc = torch.tensor([True, False])\ntorch.where(c, torch.ones(2))',
  where_shape_mismatch: 'import torch\ntorch.where(torch.tensor([True, False]), torch.ones(3), torch.zeros(3))',

  maximum_ties: [
    'import torch',
    'a = torch.tensor([[1., 2., 3.], [4., 5., float("nan")]], requires_grad=True)',
    'b = torch.tensor([2., 2., 9.], requires_grad=True)',
    'for f in [torch.maximum, torch.minimum]:',
    '    m = f(a, b)',
    '    print(m.grad_fn.name(), m.tolist())',
    '    (m * torch.tensor([1., 3., 5.])).sum().backward()',
    '    print(a.grad.tolist(), b.grad.tolist())',
    '    a.grad = None',
    '    b.grad = None',
  ].join('\n'),
  maximum_method_f64: 'import torch\na = torch.tensor([0.1, -0.7, 3.], dtype=torch.float64, requires_grad=True)\nb = torch.tensor([0.1, -0.5, 2.])\nm = a.maximum(b)\nn = a.minimum(b)\nprint(m.dtype, m.tolist(), n.tolist())\n(m + n * 3).sum().backward()\nprint(a.grad.tolist())',
  maximum_promotion: 'import torch\nprint(torch.maximum(torch.tensor([1, 2]), torch.tensor([1.5])).tolist(), torch.minimum(torch.tensor([1, 2]), torch.tensor([2])).dtype, torch.maximum(torch.tensor([-0.]), torch.tensor([0.])).tolist())',
  maximum_number: 'import torch\ntorch.maximum(torch.ones(2), 1)',
  minimum_missing: 'import torch\ntorch.minimum(torch.ones(2))',

  square: grads('x.square()'),
  square_f64: grads('torch.square(x)', D64),
  square_ints: 'import torch\nprint(torch.tensor([3, -4]).square().tolist(), torch.tensor([3]).square().dtype, torch.tensor([True]).square().dtype)',

  argmax_argmin: [
    'import torch',
    'for t in [torch.tensor([1., 3., 3., 0.]), torch.tensor([[1, 5], [5, 0]]), torch.tensor(5.), torch.tensor([2., float("nan"), 3., float("nan")]), torch.tensor([float("nan"), 1.]), torch.tensor([-0., 0.])]:',
    '    print(t.argmax(), t.argmin(), torch.argmax(t).dtype, t.argmax().shape)',
    'x = torch.tensor([1., 2.], requires_grad=True)',
    'print(x.argmax().requires_grad, x.argmax().grad_fn)',
  ].join('\n'),
  argmax_large_ties: [
    'import torch',
    'vals = []',
    'for i in range(1000):',
    '    vals.append(i % 7 - i % 13)',
    'v = torch.tensor(vals)',
    'w = v.float().reshape(20, 50).t()',
    'print(v.argmax().item(), v.argmin().item(), w.argmax().item(), w.argmin().item(), w.double().argmax().item())',
    'w[3, 7] = float("nan")',
    'print(w.argmax().item(), w.argmin().item())',
  ].join('\n'),
  maximum_large_f32: [
    'import torch',
    'a = (torch.arange(0., 40.) * 0.37 - 7).reshape(8, 5).requires_grad_()',
    'vals = []',
    'for i in range(40):',
    '    vals.append(float(i % 9 - 4))',
    'b = torch.tensor(vals).reshape(5, 8).t()',
    'm = torch.maximum(a, b)',
    'print(m.tolist())',
    '(m * m).sum().backward()',
    'print(a.grad.tolist())',
  ].join('\n'),
  argmax_keepdim: 'import torch\nt = torch.tensor([[1., 2.], [3., 0.]])\nprint(t.argmax(keepdim=True), t.argmin(dim=None, keepdim=True).shape, torch.tensor(3.).argmax(keepdim=True).shape, torch.argmax(t, keepdim=False))',
  argmax_keepdim_type: 'import torch\ntorch.ones(2).argmax(keepdim=1.5)',
  argmax_bool: 'import torch\ntorch.tensor([True, False]).argmax()',
  argmin_empty: 'import torch\ntorch.tensor([]).argmin()',
};

describe.skipIf(!pythonAvailable())('clamp, where, maximum, square, argmax vs real PyTorch (live)', () => {
  itMatchesPython(SNIPPETS, runInPython(SNIPPETS));
});
