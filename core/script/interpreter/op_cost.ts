/**
 * What a matrix product will cost, known from the shapes alone, so a product
 * too large to finish within the time limit (or to fit) is refused up front:
 * an op cannot be interrupted once it runs.
 */
import type { Tensor } from '../../index';
import { broadcastShapes } from '../../tensor/shape';
import { RunStopped } from './errors';
import type { RunLimits } from './limits';

interface MatmulCost {
  /** Elements of the largest tensor it allocates: the result, or a batch-broadcast operand. */
  readonly elements: number;
  /** Multiply-adds. */
  readonly work: number;
}

const product = (s: readonly number[]): number => s.reduce((p, x) => p * x, 1);

/** torch.matmul's cost for these shapes; null when they do not fit (the op itself says why). */
export function matmulCost(a: readonly number[], b: readonly number[]): MatmulCost | null {
  if (a.length === 0 || b.length === 0) return null;
  const k = a[a.length - 1];
  const kb = b.length === 1 ? b[0] : b[b.length - 2];
  if (k !== kb) return null;
  const m = a.length === 1 ? 1 : a[a.length - 2];
  const n = b.length === 1 ? 1 : b[b.length - 1];
  let batch = 1;
  if (a.length > 2 || b.length > 2) {
    try {
      batch = product(broadcastShapes(a.slice(0, Math.max(0, a.length - 2)), b.slice(0, Math.max(0, b.length - 2))));
    } catch {
      return null;
    }
  }
  return { elements: Math.max(batch * m * n, batch * m * k, batch * k * n), work: batch * m * k * n };
}

export function checkMatmul(a: Tensor, b: Tensor, limits: RunLimits, checkElements: (n: number) => void): void {
  const cost = matmulCost(a.shape, b.shape);
  if (cost === null) return;
  checkElements(cost.elements);
  if (cost.work > limits.maxMatmulWork) {
    throw new RunStopped(
      'LimitExceeded',
      `Autograd Lab refuses a matrix product of [${a.shape.join(', ')}] by [${b.shape.join(', ')}]: ` +
        `${cost.work} multiply-adds (the limit is ${limits.maxMatmulWork})`,
    );
  }
}
