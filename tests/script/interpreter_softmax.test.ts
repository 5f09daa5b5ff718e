/**
 * Live differential test of softmax, log_softmax, F.cross_entropy and
 * F.nll_loss: each snippet runs in real Python + PyTorch (/usr/bin/python3)
 * and in the interpreter; stdout (full-precision values via .tolist(),
 * grad_fn names, gradients after backward with a random `gradient=`) and the
 * error's `Type: message` must be identical. Skipped where torch is missing.
 */
import { describe } from 'vitest';
import { itMatchesPython, pythonAvailable, runInPython } from './live_python';

// float64 is covered over the last dim only (other dims are refused, see ops_softmax.ts).
/** Row lengths around the AVX2 widths (8 floats, 4 doubles), and longer rows. */
const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 23, 24, 31, 32, 33, 40, 129, 300];

function forwardBackward(shape: string, dtype: string, spelling: string, seed: number): string {
  return [
    'import torch',
    'import torch.nn.functional as F',
    `torch.manual_seed(${seed})`,
    `x = (torch.randn(${shape}, dtype=torch.${dtype}) * 4).requires_grad_()`,
    `y = ${spelling}`,
    'print(y.grad_fn.name(), y.dtype, y.shape)',
    'print(y.tolist())',
    `g = torch.randn(${shape}, dtype=torch.${dtype})`,
    'y.backward(g)',
    'print(x.grad.tolist())',
  ].join('\n');
}

const SOFTMAX: Record<string, string> = {};
SIZES.forEach((n, i) => {
  SOFTMAX[`softmax_${n}`] = forwardBackward(`3, ${n}`, 'float32', 'torch.softmax(x, -1)', 10 + i);
  SOFTMAX[`log_softmax_${n}`] = forwardBackward(`3, ${n}`, 'float32', 'x.log_softmax(1)', 100 + i);
  SOFTMAX[`softmax_${n}_float64`] = forwardBackward(`3, ${n}`, 'float64', 'x.softmax(-1)', 500 + i);
  SOFTMAX[`log_softmax_${n}_float64`] = forwardBackward(`3, ${n}`, 'float64', 'torch.log_softmax(x, 1)', 600 + i);
});
Object.assign(SOFTMAX, {
  softmax_functional_rank3: forwardBackward('2, 3, 11', 'float32', 'F.softmax(x, dim=2)', 7),
  log_softmax_functional_rank3: forwardBackward('2, 3, 19', 'float32', 'F.log_softmax(x, 2)', 8),
  softmax_vector_dim0: forwardBackward('37', 'float32', 'x.softmax(0)', 9),
  log_softmax_method_rank4: forwardBackward('2, 2, 2, 10', 'float32', 'torch.log_softmax(x, dim=-1)', 11),
  softmax_dim0_2d: forwardBackward('37, 5', 'float32', 'torch.softmax(x, 0)', 21),
  log_softmax_dim0_2d: forwardBackward('37, 5', 'float32', 'torch.log_softmax(x, 0)', 22),
  softmax_dim0_wide: forwardBackward('6, 21', 'float32', 'x.softmax(0)', 23),
  log_softmax_dim0_wide: forwardBackward('6, 21', 'float32', 'x.log_softmax(-2)', 24),
  softmax_dim1_rank3: forwardBackward('3, 4, 19', 'float32', 'F.softmax(x, 1)', 25),
  log_softmax_dim1_rank3: forwardBackward('3, 4, 19', 'float32', 'F.log_softmax(x, 1)', 26),
  softmax_dim1_rank3_narrow: forwardBackward('2, 9, 3', 'float32', 'F.softmax(x, 1)', 27),
  softmax_dim0_rank3: forwardBackward('5, 4, 4', 'float32', 'x.softmax(0)', 28),
  log_softmax_dim0_rank3: forwardBackward('5, 4, 4', 'float32', 'x.log_softmax(0)', 29),
  softmax_dim0_long_inner: forwardBackward('3, 300', 'float32', 'x.softmax(0)', 30),
  log_softmax_dim0_long_inner: forwardBackward('3, 300', 'float32', 'x.log_softmax(0)', 31),
  softmax_zero_dim: 'import torch\nx = torch.tensor(2.5, requires_grad=True)\ny = torch.softmax(x, 0)\ny.backward()\nprint(y, torch.log_softmax(x, -1), x.grad)',
  softmax_dim_too_negative: 'import torch\ntorch.log_softmax(torch.ones(2, 3), -3)',
  softmax_float64_rank3: forwardBackward('2, 3, 13', 'float64', 'F.softmax(x, 2)', 32),
  softmax_float64_zero_dim: 'import torch\nx = torch.tensor(-1.5, dtype=torch.float64, requires_grad=True)\ny = x.softmax(-1)\ny.backward()\nprint(y, x.grad)',
  softmax_float64_dim_out_of_range: 'import torch\ntorch.softmax(torch.ones(2, 3, dtype=torch.float64), 5)',
  softmax_big_values: [
    'import torch',
    'x = torch.tensor([[1000., 1001., 999.], [-1000., -1e30, 0.]], requires_grad=True)',
    'print(torch.softmax(x, 1).tolist(), torch.log_softmax(x, 1).tolist())',
  ].join('\n'),
  softmax_int_error: 'import torch\ntorch.softmax(torch.tensor([1, 2]), 0)',
  softmax_dim_out_of_range: 'import torch\ntorch.softmax(torch.ones(2, 3), 2)',
});

function loss(fn: string, n: number, c: number, reduction: string, dtype: string, seed: number): string {
  return [
    'import torch',
    'import torch.nn.functional as F',
    `torch.manual_seed(${seed})`,
    `x = (torch.randn(${n}, ${c}, dtype=torch.${dtype}) * 3).requires_grad_()`,
    `t = torch.tensor([${Array.from({ length: n }, (_, i) => (i * 7 + Math.floor(i / 3) + seed) % c).join(', ')}])`,
    `loss = F.${fn}(x, t, reduction='${reduction}')`,
    'print(loss.grad_fn.name(), loss.grad_fn.next_functions[0][0].name(), loss.dtype, loss.shape)',
    'print(loss.tolist())',
    `loss.backward(torch.randn(loss.shape, dtype=torch.${dtype}))`,
    'print(x.grad.tolist())',
  ].join('\n');
}

const LOSSES: Record<string, string> = {};
[[1, 3], [4, 10], [7, 5], [17, 9], [33, 2], [300, 12]].forEach(([n, c], i) => {
  for (const reduction of ['mean', 'sum', 'none']) {
    LOSSES[`cross_entropy_${n}x${c}_${reduction}`] = loss('cross_entropy', n, c, reduction, 'float32', 200 + i);
    LOSSES[`nll_loss_${n}x${c}_${reduction}`] = loss('nll_loss', n, c, reduction, 'float32', 300 + i);
  }
  LOSSES[`nll_loss_${n}x${c}_float64`] = loss('nll_loss', n, c, 'mean', 'float64', 400 + i);
  LOSSES[`cross_entropy_${n}x${c}_float64`] = loss('cross_entropy', n, c, 'sum', 'float64', 450 + i);
});
const BAD = 'import torch\nimport torch.nn.functional as F\ntorch.manual_seed(5)\nx = torch.randn(3, 4, requires_grad=True)\n';
Object.assign(LOSSES, {
  cross_entropy_ignored_target: `${BAD}t = torch.tensor([0, -100, 3])\nl = F.cross_entropy(x, t)\nl.backward()\nprint(l.tolist(), x.grad.tolist())`,
  cross_entropy_target_too_big: `${BAD}F.cross_entropy(x, torch.tensor([0, 4, 1]))`,
  nll_loss_target_negative: `${BAD}F.nll_loss(x, torch.tensor([0, -1, 1]))`,
  cross_entropy_batch_mismatch: `${BAD}F.cross_entropy(x, torch.tensor([0, 1]))`,
  cross_entropy_float_target: `${BAD}F.cross_entropy(x, torch.tensor([0., 1., 2.]))`,
  nll_loss_bad_reduction: `${BAD}F.nll_loss(x, torch.tensor([0, 1, 2]), reduction='avg')`,
});

describe.skipIf(!pythonAvailable())('cross_entropy and nll_loss match PyTorch bit for bit', () => {
  itMatchesPython(LOSSES, runInPython(LOSSES));
});

describe.skipIf(!pythonAvailable())('softmax and log_softmax match PyTorch bit for bit', () => {
  itMatchesPython(SOFTMAX, runInPython(SOFTMAX));
});
