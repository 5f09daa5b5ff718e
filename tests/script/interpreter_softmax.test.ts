/**
 * Live differential test of softmax, log_softmax, F.cross_entropy and
 * F.nll_loss: each snippet runs in real Python + PyTorch (/usr/bin/python3)
 * and in the interpreter; stdout (full-precision values via .tolist(),
 * grad_fn names, gradients after backward with a random `gradient=`) and the
 * error's `Type: message` must be identical. Skipped where torch is missing.
 */
import { describe } from 'vitest';
import { itMatchesPython, pythonAvailable, runInPython } from './live_python';

// float32 only: float64 and dims other than the last are refused (see ops_softmax.ts).
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
});
Object.assign(SOFTMAX, {
  softmax_functional_rank3: forwardBackward('2, 3, 11', 'float32', 'F.softmax(x, dim=2)', 7),
  log_softmax_functional_rank3: forwardBackward('2, 3, 19', 'float32', 'F.log_softmax(x, 2)', 8),
  softmax_vector_dim0: forwardBackward('37', 'float32', 'x.softmax(0)', 9),
  log_softmax_method_rank4: forwardBackward('2, 2, 2, 10', 'float32', 'torch.log_softmax(x, dim=-1)', 11),
  softmax_big_values: [
    'import torch',
    'x = torch.tensor([[1000., 1001., 999.], [-1000., -1e30, 0.]], requires_grad=True)',
    'print(torch.softmax(x, 1).tolist(), torch.log_softmax(x, 1).tolist())',
  ].join('\n'),
  softmax_int_error: 'import torch\ntorch.softmax(torch.tensor([1, 2]), 0)',
  softmax_dim_out_of_range: 'import torch\ntorch.softmax(torch.ones(2, 3), 2)',
});

describe.skipIf(!pythonAvailable())('softmax and log_softmax match PyTorch bit for bit', () => {
  itMatchesPython(SOFTMAX, runInPython(SOFTMAX));
});
