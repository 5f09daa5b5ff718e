import { isGradEnabled } from '../autograd/grad_mode';
import { FunctionNode } from '../autograd/node';
import { gradientEdge } from '../autograd/record';
import { allocate, castStorage, promoteTypes } from '../tensor/dtype';
import { notImplemented, runtimeError } from '../tensor/errors';
import { sameShape } from '../tensor/shape';
import type { Scalar } from '../tensor/scalar';
import { Tensor } from '../tensor/tensor';
import { add } from './add';
import { div } from './div';
import { mul } from './mul';
import type { Operand } from './operands';
import { resultTypeOf } from './operands';
import { sub } from './sub';

const LEAF_MESSAGE = 'a leaf Variable that requires grad is being used in an in-place operation.';
const VIEW_OF_LEAF_MESSAGE = 'a view of a leaf Variable that requires grad is being used in an in-place operation.';

const outOfPlace = { add, sub, mul, div } as const;
export type InplaceOp = keyof typeof outOfPlace;

const capitalName: Record<Tensor['dtype'], string> = { float32: 'Float', float64: 'Double', int64: 'Long', bool: 'Bool' };

/** The checks PyTorch makes before any in-place write. */
export function checkInplace(x: Tensor): void {
  if (!isGradEnabled()) return;
  if (x.isLeaf && x.requiresGrad) throw runtimeError(LEAF_MESSAGE);
  const base = x.base;
  if (base !== null && base.requiresGrad) {
    if (base.isLeaf) throw runtimeError(VIEW_OF_LEAF_MESSAGE);
    throw notImplemented('Autograd Lab does not support in-place operations on a view of a tensor that requires grad (PyTorch records CopySlices here); use an out-of-place op instead.');
  }
}

/**
 * x.add_(y), x -= y, ...: computes the out-of-place result against a snapshot
 * standing for x before the write, then writes it into x's storage and moves
 * x's grad_fn to the new node, as PyTorch's in-place autograd does.
 */
export function inplace(op: InplaceOp, x: Tensor, other: Operand, alpha?: number | Scalar): Tensor {
  checkInplace(x);
  const dtype = op === 'div' && resultTypeOf(x, other) === 'int64' ? 'float32' : resultTypeOf(x, other);
  if (promoteTypes(dtype, x.dtype) !== x.dtype) {
    throw runtimeError(`result type ${capitalName[dtype]} can't be cast to the desired output type ${capitalName[x.dtype]}`);
  }
  const needsGraph = isGradEnabled() && (x.requiresGrad || (other instanceof Tensor && other.requiresGrad));
  let before = x;
  if (needsGraph) {
    before = new Tensor(x.data.slice(), x.shape, x.dtype);
    before.gradFn = x.gradFn;
    before.origin = x.origin;
    before.label = x.label;
  }
  // add_(y, alpha=a) and sub_(y, alpha=a): one AddBackward0/SubBackward0, as out of place.
  const result = alpha !== undefined && (op === 'add' || op === 'sub') ? outOfPlace[op](before, other, alpha) : outOfPlace[op](before, other);
  if (!sameShape(result.shape, x.shape)) {
    throw runtimeError(`output with shape [${x.shape.join(', ')}] doesn't match the broadcast shape [${result.shape.join(', ')}]`);
  }
  x.prepareWrite();
  x.data.set(result.dtype === x.dtype ? result.data : castStorage(result.data, x.dtype));
  x.bumpVersion();
  if (needsGraph) {
    x.gradFn = result.gradFn;
    x.origin = result.origin;
  }
  return x;
}

// derivatives.yaml (zero_): self: zeros_like(grad)
export function zero_(x: Tensor): Tensor {
  checkInplace(x);
  x.prepareWrite();
  x.data.fill(0);
  x.bumpVersion();
  if (isGradEnabled() && x.requiresGrad) {
    const edges = [gradientEdge(x)];
    const shape = x.shape;
    x.gradFn = new FunctionNode('ZeroBackward0', edges, [{ shape, dtype: x.dtype }], (g) => [new Tensor(allocate(g.dtype, g.numel), shape, g.dtype)], []);
    x.origin = null;
  }
  return x;
}

/** `x[items] = value`, writing through to x's storage. */
export function fillOffsets(x: Tensor, offsets: readonly number[], values: ArrayLike<number>): void {
  checkInplace(x);
  if (isGradEnabled() && x.requiresGrad) {
    throw notImplemented('Autograd Lab does not support item assignment on a tensor that requires grad (PyTorch records CopySlices here); assign under torch.no_grad() or build a new tensor.');
  }
  const cast = castStorage(values, x.dtype);
  x.prepareWrite();
  for (let i = 0; i < offsets.length; i++) x.data[offsets[i]] = cast[values.length === 1 ? 0 : i];
  x.bumpVersion();
}
