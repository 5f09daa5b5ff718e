/**
 * Live differential test of torch.optim.SGD / Adam, the loss modules
 * nn.MSELoss / L1Loss / BCEWithLogitsLoss (and F.l1_loss), and nn.Parameter. Each snippet runs
 * in real Python + PyTorch (/usr/bin/python3, torch 1.13) and in the
 * interpreter; stdout and the error's `Type: message` must be identical.
 * Values print in full precision (`.tolist()`, `.item()`) over 100+ steps, so
 * a last-bit difference in any update would show and grow.
 *
 * Where the lab follows PyTorch 2.x, the oracle is made to run 2.x's code:
 * - Adam's first moment: 2.1+ computes `exp_avg.lerp_(grad, 1 - beta1)`
 *   where 1.13 has `exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)`
 *   (pytorch#104796). ADAM_2X rewrites that one line of 1.13's own
 *   `_single_tensor_adam` source and nothing else, so the rest is 1.13's code
 *   and every op runs on 1.13's kernels.
 * - zero_grad() defaults to set_to_none=True in 2.x (False in 1.13): snippets
 *   whose output depends on it pass set_to_none explicitly.
 * - The printed parameter group of 2.x has `fused` for SGD, `fused: None`
 *   (1.13: False) and `decoupled_weight_decay` for Adam: the print snippets
 *   compare with those two lines left out of both outputs.
 * Skipped where torch is not installed.
 */
import { describe, expect, it } from 'vitest';
import { Scalar, backward, mseLoss, tensor } from '../../core/index';
import { Adam } from '../../core/optim/adam';
import { runScript } from '../../core/run/run_script';
import { itMatchesPython, pythonAvailable, runInPython, withoutAddresses } from './live_python';

const ADAM_2X = [
  'import inspect as _inspect, torch.optim.adam as _adam',
  'if not hasattr(_adam, "_lab_2x"):',
  '    _src = _inspect.getsource(_adam._single_tensor_adam)',
  '    _old = "exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)"',
  '    assert _src.count(_old) == 1',
  '    exec(_src.replace(_old, "exp_avg.lerp_(grad, 1 - beta1)"), _adam.__dict__)',
  '    _adam._lab_2x = True',
].join('\n');


/** Lines of an optimizer print that only 2.x has (or prints differently). */
function withoutVersionKeys(text: string): string {
  return text.split('\n').filter((l) => !/^ {4}(fused|decoupled_weight_decay): /.test(l)).join('\n');
}

const lines = (...ls: string[]): string => ls.join('\n');

/** y = 2x + 1 with noise-free data; a float32 line fit is the course's first loop. */
const LINE_DATA = lines(
  'import torch',
  'x = torch.linspace(-2, 3, 12)',
  'y = 2 * x + 1 + 0.1 * torch.sin(5 * x)',
);

function fitLine(optimizer: string, steps: number, dtype = 'torch.float32', every = 10): string {
  return lines(
    LINE_DATA,
    `x, y = x.to(${dtype}), y.to(${dtype})`,
    `w = torch.tensor([0.5, -0.3], dtype=${dtype}, requires_grad=True)`,
    `opt = ${optimizer}`,
    'loss_fn = torch.nn.MSELoss()',
    `for step in range(${steps}):`,
    '    opt.zero_grad()',
    '    loss = loss_fn(w[0] * x + w[1], y)',
    '    loss.backward()',
    '    opt.step()',
    `    if step % ${every} == 0:`,
    '        print(step, loss.item(), w.tolist())',
    'print(w.tolist(), loss.item())',
  );
}

const SGD: Record<string, string> = {
  sgd_plain_120_steps: fitLine('torch.optim.SGD([w], lr=0.05)', 120),
  sgd_momentum: fitLine('torch.optim.SGD([w], lr=0.02, momentum=0.9)', 150),
  sgd_momentum_dampening: fitLine('torch.optim.SGD([w], lr=0.03, momentum=0.8, dampening=0.3)', 120),
  sgd_nesterov: fitLine('torch.optim.SGD([w], lr=0.02, momentum=0.85, nesterov=True)', 120),
  sgd_weight_decay: fitLine('torch.optim.SGD([w], lr=0.04, weight_decay=0.05)', 120),
  sgd_weight_decay_momentum_nesterov: fitLine('torch.optim.SGD([w], lr=0.01, momentum=0.95, weight_decay=1e-2, nesterov=True)', 200, 'torch.float32', 25),
  sgd_every_option_float64: fitLine('torch.optim.SGD([w], lr=0.015, momentum=0.7, dampening=0.1, weight_decay=0.02)', 150, 'torch.float64'),
  sgd_nesterov_float64: fitLine('torch.optim.SGD([w], lr=0.02, momentum=0.9, nesterov=True, weight_decay=0.001)', 150, 'torch.float64'),
  sgd_int_lr_and_momentum: lines(
    'import torch',
    'w = torch.tensor([3.0, -1.5], requires_grad=True)',
    'opt = torch.optim.SGD([w], lr=1, momentum=0)',
    'for i in range(5):',
    '    opt.zero_grad()',
    '    loss = (0.1 * w ** 2).sum()',
    '    loss.backward()',
    '    opt.step()',
    '    print(w.tolist())',
  ),
  sgd_maximize: lines(
    'import torch',
    'w = torch.tensor([0.3, -2.0, 1.5], requires_grad=True)',
    'opt = torch.optim.SGD([w], lr=0.1, momentum=0.5, maximize=True)',
    'for step in range(100):',
    '    opt.zero_grad()',
    '    reward = -((w - torch.tensor([1.0, 2.0, -0.5])) ** 2).sum()',
    '    reward.backward()',
    '    opt.step()',
    'print(w.tolist(), reward.item())',
  ),
  sgd_two_params_tuple_and_unused: lines(
    'import torch',
    'torch.manual_seed(0)',
    'x = torch.randn(8)',
    'y = 3 * x - 2',
    'w = torch.zeros(1, requires_grad=True)',
    'b = torch.zeros(1, requires_grad=True)',
    'unused = torch.ones(2, requires_grad=True)',
    'opt = torch.optim.SGD((w, b, unused), lr=0.1, momentum=0.9)',
    'for step in range(100):',
    '    opt.zero_grad()',
    '    loss = torch.nn.functional.mse_loss(w * x + b, y)',
    '    loss.backward()',
    '    opt.step()',
    'print(w.item(), b.item(), loss.item(), unused.tolist(), unused.grad)',
  ),
  sgd_big_tensor_vector_paths: lines(
    'import torch',
    'torch.manual_seed(1)',
    'w = torch.randn(50, requires_grad=True)',
    'target = torch.randn(50)',
    'opt = torch.optim.SGD([w], lr=0.3, momentum=0.9, nesterov=True, weight_decay=0.01)',
    'for step in range(100):',
    '    opt.zero_grad()',
    '    loss = torch.nn.MSELoss(reduction="sum")(w.sin(), target)',
    '    loss.backward()',
    '    opt.step()',
    'print(loss.item(), w.sum().item(), w[:7].tolist(), w[-3:].tolist())',
  ),
  sgd_lazy_sized_tensor: lines(
    'import torch',
    'torch.manual_seed(2)',
    'w = torch.randn(20000, requires_grad=True)',
    'opt = torch.optim.SGD([w], lr=0.05, momentum=0.9, weight_decay=0.1)',
    'for step in range(20):',
    '    opt.zero_grad()',
    '    loss = ((w - 1) ** 2).mean()',
    '    loss.backward()',
    '    opt.step()',
    'print(loss.item(), w.sum().item(), w[:4].tolist(), w[12345].item())',
  ),
  sgd_step_with_closure: lines(
    'import torch',
    'w = torch.tensor([1.0, -1.0], requires_grad=True)',
    'opt = torch.optim.SGD([w], lr=0.1)',
    'def closure():',
    '    opt.zero_grad(set_to_none=True)',
    '    loss = ((w - 3) ** 2).sum()',
    '    loss.backward()',
    '    return loss',
    'for i in range(4):',
    '    l = opt.step(closure)',
    '    print(l.item(), l.requires_grad, w.tolist())',
    'print(opt.step(), torch.is_grad_enabled())',
  ),
  sgd_grad_none_is_skipped: lines(
    'import torch',
    'w = torch.tensor([1.0, 2.0], requires_grad=True)',
    'opt = torch.optim.SGD([w], lr=0.5, momentum=0.9)',
    'opt.step()',
    'print(w.tolist(), w.grad)',
    '(w * w).sum().backward()',
    'opt.step()',
    'opt.step()',
    'print(w.tolist(), w.grad.tolist(), w.requires_grad, w.is_leaf, w.grad_fn)',
  ),
};

const ADAM: Record<string, string> = {
  adam_default_200_steps: fitLine('torch.optim.Adam([w], lr=0.05)', 200, 'torch.float32', 20),
  adam_amsgrad: fitLine('torch.optim.Adam([w], lr=0.05, amsgrad=True)', 200, 'torch.float32', 20),
  adam_weight_decay_betas_eps: fitLine('torch.optim.Adam([w], lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)', 150),
  adam_float64: fitLine('torch.optim.Adam([w], lr=0.05, weight_decay=1e-3)', 300, 'torch.float64', 30),
  adam_float64_amsgrad_betas_list: fitLine('torch.optim.Adam([w], lr=0.1, betas=[0.85, 0.995], amsgrad=True)', 200, 'torch.float64', 25),
  adam_maximize: lines(
    'import torch',
    'w = torch.tensor([0.3, -2.0, 1.5], requires_grad=True)',
    'opt = torch.optim.Adam([w], lr=0.05, maximize=True, amsgrad=True, weight_decay=0.01)',
    'for step in range(150):',
    '    opt.zero_grad()',
    '    reward = -((w - torch.tensor([1.0, 2.0, -0.5])) ** 2).sum()',
    '    reward.backward()',
    '    opt.step()',
    'print(w.tolist(), reward.item())',
  ),
  adam_big_tensor_vector_paths: lines(
    'import torch',
    'torch.manual_seed(3)',
    'w = torch.randn(1000, requires_grad=True)',
    'target = torch.randn(1000)',
    'opt = torch.optim.Adam([w], lr=1e-2)',
    'for step in range(120):',
    '    opt.zero_grad()',
    '    loss = torch.nn.L1Loss()(w * w, target)',
    '    loss.backward()',
    '    opt.step()',
    'print(loss.item(), w.sum().item(), w[:5].tolist(), w[-5:].tolist())',
  ),
  adam_two_params_one_without_grad: lines(
    'import torch',
    'torch.manual_seed(4)',
    'x = torch.randn(10, dtype=torch.float64)',
    'y = -1.5 * x + 0.25',
    'w = torch.zeros(1, dtype=torch.float64, requires_grad=True)',
    'b = torch.zeros(1, dtype=torch.float64, requires_grad=True)',
    'frozen = torch.ones(3, dtype=torch.float64, requires_grad=True)',
    'opt = torch.optim.Adam([w, frozen, b], lr=0.03, betas=(0.5, 0.9))',
    'for step in range(250):',
    '    opt.zero_grad()',
    '    loss = torch.nn.MSELoss()(w * x + b, y)',
    '    loss.backward()',
    '    opt.step()',
    'print(w.item(), b.item(), loss.item(), frozen.tolist())',
  ),
  adam_logistic_regression_bce: lines(
    'import torch',
    'torch.manual_seed(5)',
    'x = torch.randn(16, 2)',
    'labels = (x[:, 0] + 0.5 * x[:, 1] > 0).float()',
    'w = torch.zeros(2, requires_grad=True)',
    'b = torch.zeros(1, requires_grad=True)',
    'opt = torch.optim.Adam([w, b], lr=0.1)',
    'loss_fn = torch.nn.BCEWithLogitsLoss()',
    'for step in range(150):',
    '    opt.zero_grad()',
    '    logits = (x * w).sum(1) + b',
    '    loss = loss_fn(logits, labels)',
    '    loss.backward()',
    '    opt.step()',
    '    if step % 30 == 0:',
    '        print(step, loss.item())',
    'print(w.tolist(), b.tolist(), loss.grad_fn)',
  ),
};

const ZERO_GRAD: Record<string, string> = {
  zero_grad_set_to_none_true: lines(
    'import torch',
    'w = torch.tensor([1.0, 2.0], requires_grad=True)',
    'opt = torch.optim.SGD([w], lr=0.1)',
    '(w ** 2).sum().backward()',
    'print(w.grad)',
    'opt.zero_grad(set_to_none=True)',
    'print(w.grad)',
    'opt.zero_grad(set_to_none=True)',
    'print(w.grad)',
  ),
  zero_grad_set_to_none_false: lines(
    'import torch',
    'w = torch.tensor([1.0, -2.0], requires_grad=True)',
    'opt = torch.optim.Adam([w], lr=0.1)',
    '(w ** 2).sum().backward()',
    'g = w.grad',
    'opt.zero_grad(set_to_none=False)',
    'print(w.grad, g, w.grad is g, w.grad.requires_grad, w.grad.grad_fn)',
    '(3 * w).sum().backward()',
    'print(w.grad, g)',
    'opt.zero_grad(False)',
    'print(w.grad.tolist())',
  ),
  zero_grad_accumulate_without_it: lines(
    'import torch',
    'w = torch.tensor([0.5], requires_grad=True)',
    'opt = torch.optim.SGD([w], lr=0.1)',
    'for i in range(3):',
    '    loss = (w * 4).sum()',
    '    loss.backward()',
    '    print(w.grad.tolist())',
    '    opt.step()',
    'print(w.tolist())',
  ),
};

const LOSSES: Record<string, string> = {
  mse_loss_module_reductions: lines(
    'import torch',
    'x = torch.tensor([[0.5, -1.25, 2.0], [1.0, 0.1, -0.7]], requires_grad=True)',
    'y = torch.tensor([[1.0, -1.0, 1.5], [0.3, 0.3, 0.3]])',
    'for r in ["mean", "sum", "none"]:',
    '    fn = torch.nn.MSELoss(reduction=r)',
    '    out = fn(x, y)',
    '    print(fn, fn.reduction, out, out.grad_fn)',
    '    out.sum().backward()',
    '    print(x.grad.tolist())',
    '    x.grad = None',
  ),
  l1_loss_module_reductions: lines(
    'import torch',
    'x = torch.tensor([[0.5, -1.25, 2.0], [1.0, 0.1, -0.7]], requires_grad=True)',
    'y = torch.tensor([[1.0, -1.0, 1.5], [0.3, 0.1, 0.3]])',
    'for r in ["mean", "sum", "none"]:',
    '    fn = torch.nn.L1Loss(reduction=r)',
    '    out = fn(x, y)',
    '    print(fn, out, out.grad_fn, out.grad_fn.next_functions[0][0])',
    '    out.sum().backward()',
    '    print(x.grad.tolist())',
    '    x.grad = None',
  ),
  l1_loss_functional_broadcast_float64: lines(
    'import torch',
    'import torch.nn.functional as F',
    'x = torch.tensor([[0.5], [-1.5]], dtype=torch.float64, requires_grad=True)',
    'y = torch.tensor([0.25, 1.0, -3.0], dtype=torch.float64)',
    'out = F.l1_loss(x, y)',
    'sub = out.grad_fn.next_functions[0][0].next_functions[0][0]',
    'print(out.item(), out.grad_fn, sub, sub.next_functions)',
    'out.backward()',
    'print(x.grad.tolist())',
  ),
  bce_with_logits_module_reductions: lines(
    'import torch',
    'z = torch.tensor([0.8, -1.2, 3.0, -0.1], requires_grad=True)',
    't = torch.tensor([1.0, 0.0, 1.0, 1.0])',
    'for r in ["mean", "sum", "none"]:',
    '    for fn in [torch.nn.BCEWithLogitsLoss(reduction=r), torch.nn.BCEWithLogitsLoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.0]), reduction=r, pos_weight=torch.tensor([3.0]))]:',
    '        out = fn(z, t)',
    '        print(fn, out.tolist(), out.grad_fn)',
    '        out.sum().backward()',
    '        print(z.grad.tolist())',
    '        z.grad = None',
    'fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0]))',
    'print(fn.pos_weight, fn.weight, fn.reduction)',
  ),
  loss_module_forward_and_repr: lines(
    'import torch',
    'from torch import nn',
    'fn = nn.MSELoss()',
    'x = torch.tensor([1.0, 2.0], requires_grad=True)',
    'print(fn.forward(x, torch.zeros(2)), fn(input=x, target=torch.ones(2)), [fn, nn.L1Loss(), nn.BCEWithLogitsLoss()])',
    'print(f"{fn}", str(nn.L1Loss(reduction="sum")))',
  ),
  loss_module_bad_reduction: 'import torch\nfn = torch.nn.MSELoss(reduction="avg")\nprint(fn)\nfn(torch.ones(2), torch.zeros(2))',
  l1_loss_bad_reduction: 'import torch\ntorch.nn.L1Loss(reduction="x")(torch.ones(2), torch.zeros(2))',
  loss_module_missing_target: 'import torch\ntorch.nn.MSELoss()(torch.ones(2))',
  loss_module_too_many_args: 'import torch\ntorch.nn.L1Loss()(torch.ones(2), torch.ones(2), torch.ones(2))',
  loss_module_unknown_attribute: 'import torch\ntorch.nn.MSELoss().foo',
};

const ERRORS: Record<string, string> = {
  sgd_negative_lr_float: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w], lr=-1.0)',
  sgd_negative_lr_int: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w], lr=-1)',
  sgd_negative_momentum: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w], lr=0.1, momentum=-0.5)',
  sgd_negative_weight_decay: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w], lr=0.1, weight_decay=-1e-4)',
  sgd_nesterov_without_momentum: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w], lr=0.1, nesterov=True)',
  sgd_nesterov_with_dampening: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)',
  sgd_lr_string: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w], lr="fast")',
  sgd_params_tensor: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD(w, lr=0.1)',
  sgd_params_double_tensor: 'import torch\nw = torch.ones(2, dtype=torch.float64, requires_grad=True)\ntorch.optim.SGD(w, lr=0.1)',
  sgd_params_empty: 'import torch\ntorch.optim.SGD([], lr=0.1)',
  sgd_params_non_leaf: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w * 2], lr=0.1)',
  sgd_params_float: 'import torch\ntorch.optim.SGD([1.0], lr=0.1)',
  sgd_params_none_item: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w, None], lr=0.1)',
  sgd_params_int: 'import torch\ntorch.optim.SGD(5, lr=0.1)',
  sgd_params_string: 'import torch\ntorch.optim.SGD("ab", lr=0.1)',
  sgd_missing_params: 'import torch\ntorch.optim.SGD()',
  sgd_unknown_keyword: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w], lr=0.1, foo=1)',
  sgd_too_many_positional: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w], 0.1, 0.9, 0.1, 0.1, False, 1)',
  sgd_retained_non_leaf_is_fine: 'import torch\nw = torch.ones(2, requires_grad=True)\nv = w * 2\nv.retain_grad()\nopt = torch.optim.SGD([v], lr=0.1)\n(v ** 2).sum().backward()\nopt.step()\nprint(v)',
  sgd_duplicate_params_warn_only: 'import torch\nw = torch.ones(2, requires_grad=True)\nopt = torch.optim.SGD([w, w], lr=0.1)\n(w * 3).sum().backward()\nopt.step()\nprint(w.tolist())',
  optimizer_not_callable: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w], lr=0.1)()',
  optimizer_unknown_attribute: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.Adam([w]).foo',
  zero_grad_too_many_args: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w], lr=0.1).zero_grad(True, 2)',
  step_closure_not_callable: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.SGD([w], lr=0.1).step(5)',
  step_with_leaf_in_place_outside: 'import torch\nw = torch.ones(2, requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.1)\n(w * 2).sum().backward()\nopt.step()\nw.add_(1)',
  adam_negative_lr: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.Adam([w], lr=-0.1)',
  adam_nan_lr: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.Adam([w], lr=float("nan"))',
  adam_negative_eps: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.Adam([w], eps=-1e-8)',
  adam_beta0_one: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.Adam([w], betas=(1.0, 0.999))',
  adam_beta1_int_one: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.Adam([w], betas=(0.9, 1))',
  adam_beta_negative: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.Adam([w], betas=[-0.1, 0.9])',
  adam_betas_float: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.Adam([w], betas=0.9)',
  adam_betas_short: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.Adam([w], betas=(0.9,))',
  adam_betas_long_fails_at_step: 'import torch\nw = torch.ones(2, requires_grad=True)\nopt = torch.optim.Adam([w], betas=[0.9, 0.99, 0.5])\nprint("built")\nopt.step()',
  adam_negative_weight_decay: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.Adam([w], weight_decay=-0.5)',
  adam_lr_string: 'import torch\nw = torch.ones(2, requires_grad=True)\ntorch.optim.Adam([w], lr="a")',
};

/** Prints of the optimizers, compared without the keys only 2.x prints (see withoutVersionKeys). */
const PRINTS: Record<string, string> = {
  print_sgd_defaults_and_options: lines(
    'import torch',
    'w = torch.ones(2, requires_grad=True)',
    'print(torch.optim.SGD([w], lr=0.1))',
    'print(torch.optim.SGD([w], lr=1, momentum=0.9, dampening=0.25, weight_decay=1e-4, nesterov=False, maximize=True))',
    'print(torch.optim.SGD([w], 0.01, 0.5, 0, 0, True))',
  ),
  print_adam_defaults_and_options: lines(
    'import torch',
    'w = torch.ones(2, requires_grad=True)',
    'print(torch.optim.Adam([w]))',
    'opt = torch.optim.Adam([w], lr=3e-4, betas=[0.8, 0.9], eps=1e-6, weight_decay=0.01, amsgrad=True, maximize=True)',
    'print(opt)',
    'print(f"{opt}" == str(opt), [opt])',
  ),
};

const NAMES: Record<string, string> = {
  import_forms_and_class_reprs: lines(
    'import torch',
    'from torch import nn, optim',
    'import torch.optim as o',
    'from torch.optim import SGD, Adam',
    'from torch.nn import MSELoss',
    'print(torch.optim.SGD, optim.Adam, o.SGD is SGD, Adam is torch.optim.Adam, nn.MSELoss, MSELoss, nn.L1Loss, nn.BCEWithLogitsLoss)',
  ),
  loss_module_bound_forward_repr: 'import torch\nfn = torch.nn.L1Loss()\nprint(fn.forward, fn.training, fn.reduction)',
};

/**
 * 2.x defaults that 1.13 lacks, checked as "the default is this explicit
 * value": the lab runs the first form, PyTorch the second.
 */
const DEFAULTS_2X: Record<string, [string, string]> = {
  zero_grad_default_is_set_to_none: [
    'import torch\nw = torch.ones(2, requires_grad=True)\nopt = torch.optim.Adam([w])\n(w * 2).sum().backward()\nopt.zero_grad()\nprint(w.grad)',
    'import torch\nw = torch.ones(2, requires_grad=True)\nopt = torch.optim.Adam([w])\n(w * 2).sum().backward()\nopt.zero_grad(set_to_none=True)\nprint(w.grad)',
  ],
  sgd_default_lr_is_1e_3: [
    fitLine('torch.optim.SGD([w])', 100),
    fitLine('torch.optim.SGD([w], lr=1e-3)', 100),
  ],
};

const PARAMETER: Record<string, string> = {
  parameter_prints: lines(
    'import torch',
    'from torch import nn',
    'w = nn.Parameter(torch.tensor([1.0, 2.0]))',
    'print(w)',
    'print(w * 2, w.requires_grad, w.is_leaf, w.grad_fn)',
    'p = torch.nn.Parameter(torch.zeros(2, 2, dtype=torch.float64), requires_grad=False)',
    'print(p, [p], f"{p}", (p, 1))',
    's = nn.Parameter(torch.tensor(3.0))',
    'print(s, f"{s}", s.item(), nn.Parameter(), nn.Parameter)',
  ),
  parameter_shares_storage_ops_are_tensors: lines(
    'import torch',
    'from torch import nn',
    't = torch.tensor([1.0, 5.0])',
    'q = nn.Parameter(t)',
    't[0] = 9.0',
    'print(q, q.data, q.detach(), q.clone(), q + 1)',
    'x = torch.tensor([1.0], requires_grad=True)',
    'y = x * 2',
    'print(nn.Parameter(y), nn.Parameter(y).is_leaf, y.requires_grad)',
  ),
  parameter_training_loop: lines(
    'import torch',
    'from torch import nn',
    'torch.manual_seed(0)',
    'w = nn.Parameter(torch.randn(3))',
    'b = nn.Parameter(torch.zeros(1))',
    'x = torch.randn(12, 3)',
    'y = x @ torch.tensor([0.5, -1.0, 2.0]) - 0.25',
    'opt = torch.optim.Adam([w, b], lr=0.05)',
    'loss_fn = nn.MSELoss()',
    'for step in range(120):',
    '    opt.zero_grad()',
    '    loss = loss_fn(x @ w + b, y)',
    '    loss.backward()',
    '    opt.step()',
    'print(w, b, loss.item())',
    'with torch.no_grad():',
    '    w -= 1',
    'print(w)',
  ),
  parameter_int_dtype: 'import torch\ntorch.nn.Parameter(torch.tensor([1, 2]))',
  parameter_of_list: 'import torch\ntorch.nn.Parameter([1.0])',
  parameter_not_callable: 'import torch\nw = torch.nn.Parameter(torch.ones(2))\nw()',
  parameter_format_spec: 'import torch\ns = torch.nn.Parameter(torch.tensor(3.0))\nprint(f"{s:.2f}")',
  parameter_too_many_args: 'import torch\ntorch.nn.Parameter(torch.ones(1), True, 3)',
};

const SNIPPETS: Record<string, string> = { ...SGD, ...ADAM, ...ZERO_GRAD, ...LOSSES, ...ERRORS, ...NAMES, ...PARAMETER };

const available = pythonAvailable();

function pythonOf(snippets: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(snippets).map(([name, src]) => [name, `${ADAM_2X}\n${src}`]));
}

describe.skipIf(!available)('torch.optim and loss modules vs real PyTorch (live)', () => {
  const defaults = Object.fromEntries(Object.entries(DEFAULTS_2X).map(([name, [, py]]) => [name, py]));
  const python = available ? runInPython(pythonOf({ ...SNIPPETS, ...PRINTS, ...defaults })) : {};

  itMatchesPython(SNIPPETS, python);

  for (const [name, src] of Object.entries(PRINTS)) {
    it(name, () => {
      const { result } = runScript(src + '\n');
      const want = python[name];
      expect(result.error).toBeNull();
      expect(withoutVersionKeys(withoutAddresses(result.stdout))).toBe(withoutVersionKeys(withoutAddresses(want.stdout)));
    });
  }

  for (const [name, [lab]] of Object.entries(DEFAULTS_2X)) {
    it(name, () => {
      const { result } = runScript(lab + '\n');
      expect(result.error).toBeNull();
      expect(result.stdout).toBe(python[name].stdout);
    });
  }

  it("Adam's 1.13 first moment (mul_ + add_) is 1.13's own Adam bit for bit", () => {
    // The switch core/optim/adam.ts keeps for the 1.13 form: run it against unpatched 1.13.
    const run = (dtype: 'float32' | 'float64', amsgrad: boolean): number[] => {
      const data = (vs: number[]): Scalar[] => vs.map((v) => new Scalar(v, 'float'));
      const w = tensor(data([0.5, -0.3, 2.0]), { dtype, requiresGrad: true });
      const target = tensor(data([1.25, 0.75, -1.5]), { dtype });
      const opt = new Adam([w], { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, amsgrad, maximize: false }, 'mul_add');
      for (let i = 0; i < 150; i++) {
        opt.zeroGrad();
        backward(mseLoss(w, target));
        opt.step();
      }
      return Array.from(w.data);
    };
    const src = (dtype: string, amsgrad: boolean): string => lines(
      'import torch',
      `w = torch.tensor([0.5, -0.3, 2.0], dtype=${dtype}, requires_grad=True)`,
      `target = torch.tensor([1.25, 0.75, -1.5], dtype=${dtype})`,
      `opt = torch.optim.Adam([w], lr=0.05, weight_decay=0.01, amsgrad=${amsgrad ? 'True' : 'False'})`,
      'for i in range(150):',
      '    opt.zero_grad(set_to_none=True)',
      '    torch.nn.functional.mse_loss(w, target).backward()',
      '    opt.step()',
      'print(w.tolist())',
    );
    // Run in a separate process: the live snippets above patched Adam in theirs.
    const plain = runInPython({ f32: src('torch.float32', false), f64: src('torch.float64', true) });
    expect(JSON.stringify(run('float32', false))).toBe(plain.f32.stdout.trim().replace(/ /g, ''));
    expect(JSON.stringify(run('float64', true))).toBe(plain.f64.stdout.trim().replace(/ /g, ''));
  });

  it('the 2.x Adam patch really changed the oracle (lerp_ rounds differently from mul_ + add_)', () => {
    // Without the patch, 1.13's own Adam must give other last bits on a run where lerp_ matters.
    const src = fitLine('torch.optim.Adam([w], lr=0.05)', 200, 'torch.float32', 20);
    const plain = runInPython({ plain: src }).plain.stdout;
    expect(plain).not.toBe(python.adam_default_200_steps.stdout);
    expect(withoutAddresses(runScript(src + '\n').result.stdout)).toBe(withoutAddresses(python.adam_default_200_steps.stdout));
  });
});

/** Real PyTorch APIs next to these that the lab lacks: a clear NotImplementedError naming them. */
describe('what torch.optim and the loss modules do not support', () => {
  const cases: [string, string][] = [
    ['opt = torch.optim.AdamW([w])', "'torch.optim.AdamW'"],
    ['s = torch.optim.lr_scheduler', "'torch.optim.lr_scheduler'"],
    ['d = torch.optim.SGD([w], lr=0.1).state_dict()', "'SGD.state_dict()'"],
    ['g = torch.optim.Adam([w]).param_groups', "'Adam.param_groups'"],
    ['p = torch.nn.MSELoss().parameters()', "'MSELoss.parameters()'"],
    ['opt = torch.optim.SGD([w], lr=0.1, foreach=True)', "'torch.optim.SGD(foreach=...)'"],
    ['opt = torch.optim.Adam([w], fused=True)', "'torch.optim.Adam(fused=...)'"],
    ['opt = torch.optim.Adam([w], decoupled_weight_decay=True)', "'torch.optim.Adam(decoupled_weight_decay=...)'"],
    ['fn = torch.nn.L1Loss(size_average=False)', "'torch.nn.L1Loss(size_average=...)'"],
    ['opt = torch.optim.SGD([w], lr=torch.tensor(0.1))', "'a tensor hyperparameter in torch.optim'"],
  ];
  for (const [code, construct] of cases) {
    it(code, () => {
      const { result } = runScript(`import torch\nw = torch.ones(2, requires_grad=True)\n${code}\n`);
      expect(result.error?.type).toBe('NotImplementedError');
      expect(result.error?.message).toContain(`Autograd Lab does not support ${construct}`);
      expect(result.error?.line).toBe(3);
    });
  }
});

describe("an optimizer's state counts towards the memory limit", () => {
  // Adam keeps two moments (three with amsgrad) per parameter that no script variable holds.
  const src = (optimizer: string): string => lines(
    'import torch',
    'w = torch.zeros(100000, requires_grad=True)',
    `opt = ${optimizer}`,
    'for i in range(3):',
    '    opt.zero_grad()',
    '    (w * w).sum().backward()',
    '    opt.step()',
    '    big = torch.ones(60000)',
    'print("done")',
  );
  const limits = { maxTotalElements: 400_000 };

  it('Adam with amsgrad: w, its grad and three moments pass the limit', () => {
    const { result } = runScript(src('torch.optim.Adam([w], amsgrad=True)') + '\n', { limits });
    expect(result.error?.type).toBe('LimitExceeded');
  });

  it('plain SGD keeps no state and stays under it', () => {
    const { result } = runScript(src('torch.optim.SGD([w], lr=0.1)') + '\n', { limits });
    expect(result.error).toBeNull();
    expect(result.stdout).toBe('done\n');
  });
});
