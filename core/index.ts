/** The autograd engine's public surface, for the interpreter, the symbolic module and benchmarks. */
export type { DType, Storage } from './tensor/dtype';
export { Tensor, VersionCounter, isTensor } from './tensor/tensor';
export { Scalar } from './tensor/scalar';
export { TorchError } from './tensor/errors';
export { sizeString } from './tensor/shape';
export { tensorRepr } from './tensor/repr';
export * from './tensor/creation';

export { add } from './ops/add';
export { sub, rsub } from './ops/sub';
export { mul } from './ops/mul';
export { div } from './ops/div';
export { neg } from './ops/neg';
export { pow } from './ops/pow';
export { exp, log, sqrt, abs, sin, cos, tanh, sigmoid, relu, reciprocal, unary, unarySpecs } from './ops/unary';
export type { UnaryName } from './ops/unary';
export { matmul, mm, mv, dot, bmm } from './ops/matmul';
export { expandTo } from './ops/expand';
export { transpose, t, permute, reversedDims } from './ops/permute';
export { view, reshape, flatten, unsqueeze, squeeze, clone, detach, contiguous, isContiguousTensor } from './ops/view';
export { isContiguous, computeStride } from './tensor/strides';
export { sum, mean, max, min } from './ops/reduce';
export { norm } from './ops/norm';
export { index, select, slice, indexOffsets } from './ops/index';
export type { IndexItem } from './ops/index';
export { compare, equal, allclose } from './ops/compare';
export type { Comparison } from './ops/compare';
export { inplace, zero_, fillOffsets, checkInplace } from './ops/inplace';
export type { Operand } from './ops/operands';
export { mseLoss, binaryCrossEntropyWithLogits } from './nn/functional';

export { backward, grad } from './autograd/backward';
export type { EngineStep } from './autograd/engine';
export { isGradEnabled, setGradEnabled, withGradMode } from './autograd/grad_mode';
export { isTracing, setTracing } from './autograd/origin';
export type { Origin } from './autograd/origin';
export { Node, AccumulateGrad, FunctionNode } from './autograd/node';
export { gradientEdge } from './autograd/record';
