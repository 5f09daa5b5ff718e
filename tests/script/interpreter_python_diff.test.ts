/**
 * Live differential test: small scripts run by real Python + PyTorch
 * (/usr/bin/python3, in one process, each script in a fresh namespace) and by
 * the interpreter; stdout and the error's `Type: message` must be identical.
 * Skipped where /usr/bin/python3 with torch is not installed.
 */
import { describe } from 'vitest';
import { itMatchesPython, pythonAvailable, runInPython } from './live_python';

const SNIPPETS: Record<string, string> = {
  chained_compare: 'print(1 < 2 < 3, 1 < 2 > 3, 2 == 2.0, 3 != 3)',
  bool_ops: 'print(0 or 5, 3 and 0, not 0, None or "x", [] or [1])',
  int_float_division: 'print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 7.5 // 2, -7.5 % 2, 2 ** -2, 10 / 4)',
  big_ints: 'print(2 ** 100, -(3 ** 40), 10 ** 20 // 7)',
  float_repr: 'print(1e22, 1e-7, 0.1 * 3, 1/7, -1.5e-300, 2.0 ** 0.5, float("1e400"))',
  round_ties: 'print(round(0.125, 2), round(2.5), round(-2.5), round(1234.5, -1), round(1250, -2), round(-0.0001, 2))',
  strings: 'print("a" + "b", "ab" * 3, "x" in "xyz", len("héllo"), str(None), repr("it\'s"), repr(\'"q"\'))',
  print_sep_end: 'print(1, 2, sep="-", end="!\\n")\nprint("a", "b", sep="")\nprint()',
  lists: 'a = [1, 2, 3, 4, 5]\nprint(a[1:3], a[::-1], a[-2:], a[::2], a[10:])\na[0] = 9\na += [6]\nprint(a, len(a), 3 in a)',
  tuples: 't = (1, (2, 3), [4])\nprint(t, t[1], t[-1], (1,) + (2,), () == (), (1, 2) < (1, 3))',
  unpacking: 'a, (b, c) = 1, (2, 3)\nprint(a, b, c)\n[x, y] = [4, 5]\nprint(x, y)',
  unpack_error: 'a, b = (1, 2, 3)',
  unpack_error_few: 'a, b, c = [1, 2]',
  for_break_continue: 'for i in range(10):\n    if_ = i\n    continue\nprint(if_)\nfor j in [1, 2, 3]:\n    break\nprint(j)',
  nested_for: 'total = 0\nfor i in range(3):\n    for j in range(i):\n        total += i * j\nprint(total)',
  range_values: 'print(range(5), range(1, 10, 2), list(range(5, 0, -2)), len(range(0, 10, 3)), 7 in range(0, 10, 7))',
  fstrings: 'x = 3.14159\nn = 42\nprint(f"{x:.2f} {x:10.3f}| {n:>5}| {n:<5}| {n:^7}| {n:+d} {x!r} {\'s\'!r} {n:x} {n:08b} {x:e} {x:%}")',
  fstring_tensor: 'import torch\nt = torch.tensor(2.5)\nprint(f"{t}", f"{t:.3f}", f"{torch.tensor([1., 2.])}")',
  fstring_bad_spec: 'import torch\nprint(f"{torch.tensor([1., 2.]):.2f}")',
  type_errors: 'print(1 + "a")',
  type_error_str_int: 'print("a" + 1)',
  name_error: 'print(undefined_thing)',
  index_error_list: 'print([1, 2][5])',
  zero_division_float: 'print(1.0 / 0)',
  zero_division_mod: 'print(5 % 0)',
  not_callable: 'x = 5\nx()',
  not_subscriptable: 'x = 5\nx[0]',
  none_attribute: 'import torch\nx = torch.tensor([1.], requires_grad=True)\nx.grad.zero_()',
  tensor_bool_ambiguous: 'import torch\nprint(bool(torch.tensor([1., 2.])))',
  tensor_setitem: 'import torch\nx = torch.zeros(2, 3)\nx[0] = 5\nx[1, 1:] = torch.tensor([7., 8.])\nx[:, 0] = torch.tensor([1., 2.])\nprint(x)',
  tensor_setitem_leaf_error: 'import torch\nx = torch.zeros(3, requires_grad=True)\nx[0] = 1.',
  tensor_iter_unpack: 'import torch\na, b = torch.tensor([1., 2.])\nprint(a, b)\nfor row in torch.arange(6.).reshape(3, 2):\n    print(row)',
  size_ops: 'import torch\ns = torch.zeros(2, 3, 4).shape\nprint(s[1:], s[-1], len(s), s == torch.Size([2, 3, 4]), list(s), tuple(s), s.numel())',
  dtype_equality: 'import torch\nx = torch.ones(2)\nprint(x.dtype == torch.float32, x.dtype is torch.float, torch.float64 == torch.double, torch.long)',
  scalar_tensor_ops: 'import torch\nx = torch.tensor([1, 2, 3])\nprint(x * 1.5, 2 - x, 2 / x, x ** 2, -x, x / 2, True + x)',
  reflected_compare: 'import torch\nx = torch.tensor([1., 2., 3.])\nprint(2 < x, 2.0 == x, 3 >= x)',
  grad_fn_printing: 'import torch\nx = torch.tensor([1., 2.], requires_grad=True)\ny = (x * 2).sum()\nprint(y.grad_fn.next_functions[0][0].next_functions[0][0].variable is x)\nprint([y.grad_fn], (y.grad_fn,))',
  inplace_alpha: 'import torch\nx = torch.ones(3)\nx.add_(torch.tensor([1., 2., 3.]), alpha=2)\nx.sub_(torch.tensor([0.1, 0.2, 0.3]), alpha=0.5)\nprint(x)\nw = torch.tensor([1., 2.], requires_grad=True)\ny = w * 1\ny.add_(w, alpha=3)\nprint(y)\ny.sum().backward()\nprint(w.grad)\nz = torch.ones(2, dtype=torch.long)\nz.add_(torch.ones(2, dtype=torch.long), alpha=2)\nz.sub_(5, alpha=2)\nprint(z)',
  inplace_alpha_float_on_long: 'import torch\nz = torch.ones(2, dtype=torch.long)\nz.add_(torch.ones(2, dtype=torch.long), alpha=0.5)',
  inplace_alpha_not_number: 'import torch\nx = torch.ones(2)\nx.add_(x, alpha="a")',
  norm_values_and_grads: 'import torch\ntorch.manual_seed(1)\nfor n in [1, 3, 4, 5, 8, 11, 12, 15, 16, 20, 57, 100, 1000]:\n    for dt in [torch.float32, torch.float64]:\n        x = (torch.randn(n, dtype=dt) * 3).requires_grad_()\n        y = x.norm()\n        y.backward(torch.tensor(2.5, dtype=dt))\n        print(n, y.item(), torch.norm(x).item(), x.norm(p=2).item(), x.norm("fro").item(), x.grad.tolist()[:4])\nm = torch.randn(7, 9)\nprint(m.t().norm().item(), m.norm().item(), m[:, 1:4].norm().item(), m[2:5].norm().item(), torch.randn(6, 40)[:, 3:30].norm().item())\nz = torch.zeros(3, requires_grad=True)\nz.norm().backward()\nprint(z.grad, torch.tensor(-2.5).norm())',
  norm_d2l_control_flow: 'import torch\ndef f(a):\n    b = a * 2\n    while b.norm() < 1000:\n        b = b * 2\n    if b.sum() > 0:\n        c = b\n    else:\n        c = 100 * b\n    return c\ntorch.manual_seed(0)\na = torch.randn(size=(), requires_grad=True)\nd = f(a)\nd.backward()\nprint(a.grad == d / a, a, d, a.grad)',
  normal_mean_std: 'import torch\ntorch.manual_seed(0)\nfor n in [1, 3, 15, 16, 17, 33, 100]:\n    for dt in [torch.float32, torch.float64]:\n        x = torch.normal(2.5, 0.3, (n,), dtype=dt)\n        print(n, x.tolist()[:3], x.tolist()[-2:])\nprint(torch.normal(0, 0.01, size=(2, 1), requires_grad=True))\nprint(torch.normal(-1, 2, (4, 5)), torch.randn(2), torch.normal(0, 1, (3,)))',
  normal_negative_std: 'import torch\ntorch.normal(0, -1, (3,))',
  // d2l 3.2, linear regression from scratch (minus its random.shuffle data iterator).
  d2l_linear_regression: "import torch\n\ndef synthetic_data(w, b, num_examples):\n    X = torch.normal(0, 1, (num_examples, len(w)))\n    y = torch.matmul(X, w) + b\n    y += torch.normal(0, 0.01, y.shape)\n    return X, y.reshape((-1, 1))\n\ntorch.manual_seed(0)\ntrue_w = torch.tensor([2, -3.4])\ntrue_b = 4.2\nfeatures, labels = synthetic_data(true_w, true_b, 1000)\nprint('features:', features[0], '\\nlabel:', labels[0])\nw = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)\nb = torch.zeros(1, requires_grad=True)\n\ndef linreg(X, w, b):\n    return torch.matmul(X, w) + b\n\ndef squared_loss(y_hat, y):\n    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2\n\ndef sgd(params, lr, batch_size):\n    with torch.no_grad():\n        for param in params:\n            param -= lr * param.grad / batch_size\n            param.grad.zero_()\n\nlr = 0.03\nbatch_size = 10\nfor epoch in range(3):\n    for i in range(0, 1000, batch_size):\n        X = features[i:i + batch_size]\n        y = labels[i:i + batch_size]\n        l = squared_loss(linreg(X, w, b), y)\n        l.sum().backward()\n        sgd([w, b], lr, batch_size)\n    with torch.no_grad():\n        train_l = squared_loss(linreg(features, w, b), labels)\n        print(f'epoch {epoch + 1}, loss {float(train_l.mean()):f}')\nprint(f'error in estimating w: {true_w - w.reshape(true_w.shape)}')\nprint(f'error in estimating b: {true_b - b}')\n",
  no_grad_call_forms: 'import torch\nprint(torch.is_grad_enabled())\nwith torch.no_grad():\n    print(torch.is_grad_enabled())\n    with torch.enable_grad():\n        print(torch.is_grad_enabled())\nprint(torch.is_grad_enabled())',
  aug_assign_grad: 'import torch\nw = torch.tensor([1., 2.], requires_grad=True)\n(w * w).sum().backward()\nwith torch.no_grad():\n    w -= 0.5 * w.grad\nw.grad.zero_()\nprint(w, w.grad, w.is_leaf)',
  int_inplace_error: 'import torch\ni = torch.tensor([1, 2])\ni += 0.5',
  min_max_builtins: 'print(min([3, 1, 2]), max(1, 2.5), min("b", "a"), max([[1, 2], [1, 3]]), max([], default=0))',
  abs_float_int: 'import torch\nprint(abs(-3), abs(-2.5), abs(True), int("42"), float("  2.5 "), float(True), int(-0.5))',
  item_types: 'import torch\nprint(torch.tensor(3).item(), torch.tensor(2.5).item(), torch.tensor(False).item(), torch.tensor([1, 2]).tolist())',
  len_0d_tensor: 'import torch\nlen(torch.tensor(1.))',
  is_none: 'import torch\nx = torch.ones(2)\nprint(x.grad is None, x.grad_fn is None, x is not None)',
  math_more: 'import math\nprint(math.log(8, 2), math.floor(-2.5), math.ceil(2.1), math.tau, math.inf, math.isnan(math.nan), math.fabs(-3))',
  math_domain: 'import math\nmath.sqrt(-1)',
  ifexp: 'x = 3\nprint("big" if x > 2 else "small")',
  autograd_grad_forms: 'import torch\nx = torch.tensor([1., 2.], requires_grad=True)\ny = torch.tensor(3., requires_grad=True)\nz = (x * y).sum()\ngx, gy = torch.autograd.grad(z, (x, y), retain_graph=True)\nprint(gx, gy)\nprint(torch.autograd.grad([z], [x]))\nz.backward()\nprint(x.grad, y.grad)',
  autograd_grad_unused: 'import torch\nx = torch.tensor(1., requires_grad=True)\ny = torch.tensor(2., requires_grad=True)\ntorch.autograd.grad(x * 2, [x, y])',
  retain_grad_leaf_and_nonleaf: 'import torch\nx = torch.tensor([1., 2.], requires_grad=True)\nx.retain_grad()\ny = x ** 2\ny.retain_grad()\ny.sum().backward()\nprint(x.grad, y.grad, y.retains_grad, x.retains_grad)',
  retain_grad_no_grad_error: 'import torch\ntorch.ones(2).retain_grad()',
  backward_twice_grad_accumulates: 'import torch\nx = torch.tensor(2., requires_grad=True)\ny = x ** 3\ny.backward(retain_graph=True)\nprint(x.grad)\ny.backward()\nprint(x.grad)',
  next_functions_none: 'import torch\nx = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2 + 1\nprint(y.grad_fn.next_functions)\nprint(y.grad_fn.next_functions[1][0] is None)\nprint(y.grad_fn.next_functions[0][0].name())',
  accumulate_grad_variable: 'import torch\nw = torch.tensor([1.], requires_grad=True)\nacc = (w * 3).grad_fn.next_functions[0][0]\nprint(acc.variable, acc.variable is w, acc.name())',
  sum_of_2d_tensor: 'import torch\nm = torch.tensor([[1., 2.], [3., 4.]])\nprint(sum(m), max(torch.tensor([1, 5, 3])), min(torch.tensor([2., -1.])))',
  list_of_tensors_print: 'import torch\nx = torch.tensor([1., 2.], requires_grad=True)\nprint([x, x * 2, None, 1.5], (x.sum(),), [[x[0]]])',
  mixed_dtype_errors: 'import torch\na = torch.ones(2, 2)\nb = torch.ones(2, 2, dtype=torch.float64)\nprint(a @ b)',
  view_errors: 'import torch\nx = torch.arange(6.)\nx.view(4, 2)',
  view_infer_errors: 'import torch\nx = torch.arange(6.)\nprint(x.view(-1, 3).shape, x.reshape(3, -1).shape)\nx.view(-1, -1)',
  squeeze_unsqueeze_range: 'import torch\nx = torch.zeros(2, 1)\nx.unsqueeze(5)',
  transpose_range: 'import torch\nx = torch.zeros(2, 3)\nprint(x.transpose(-1, -2).shape)\nx.transpose(0, 2)',
  sum_dim_range: 'import torch\nx = torch.zeros(2, 3)\nx.sum(2)',
  tensor_from_bad_lists: 'import torch\ntorch.tensor([[1., 2.], [3.]])',
  tensor_copy_warning: 'import torch\na = torch.tensor([1., 2.])\nb = torch.tensor(a)\nprint(b, b is a)',
  detach_then_requires_grad: 'import torch\nx = torch.tensor([1., 2.], requires_grad=True)\nd = x.detach().requires_grad_()\n(d * d).sum().backward()\nprint(d.grad, x.grad, d.is_leaf)',
  zero_grad_none_error: 'import torch\nx = torch.tensor([1.], requires_grad=True)\nprint(x.grad)\nx.grad.zero_()',
  no_grad_in_loop: 'import torch\nw = torch.tensor(1., requires_grad=True)\nfor i in range(3):\n    loss = (w - 3) ** 2\n    loss.backward()\n    with torch.no_grad():\n        w -= 0.25 * w.grad\n        w.grad.zero_()\n    print(i, round(loss.item(), 6), w)',
  printing_float64_ints: 'import torch\nprint(torch.tensor([1.5, 2.25], dtype=torch.float64) * 2, torch.arange(3) * 2, torch.tensor([1, 2]) / 3)',
  rsub_and_rdiv_grads: 'import torch\nx = torch.tensor([1., 2., 4.], requires_grad=True)\ny = (1 - x) + 2 / x\ny.sum().backward()\nprint(y, x.grad)',
  scalar_tensor_dtype: 'import torch\nprint((torch.tensor([1, 2]) + torch.tensor(1.5)).dtype, (torch.tensor([1., 2.]) + torch.tensor(1., dtype=torch.float64)).dtype)',
};

const available = pythonAvailable();

describe.skipIf(!available)('interpreter vs real Python + PyTorch (live)', () => {
  const python = available ? runInPython(SNIPPETS) : {};

  itMatchesPython(SNIPPETS, python);
});
