import { castStorage } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import { sameShape, sizeString } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { filled } from '../ops/kernels';
import type { EngineStep } from './engine';
import { runBackward } from './engine';
import { gradientEdge } from './record';

export interface BackwardOptions {
  readonly retainGraph?: boolean;
  readonly onStep?: (step: EngineStep) => void;
}

/** torch.autograd's _make_grads: the implicit 1 for scalars, shape checks otherwise. */
function makeGrads(outputs: readonly Tensor[], grads: readonly (Tensor | null)[]): Tensor[] {
  return outputs.map((out, i) => {
    const g = grads[i] ?? null;
    if (g === null) {
      if (out.numel !== 1) throw runtimeError('grad can be implicitly created only for scalar outputs');
      return filled(out.shape, out.dtype, 1);
    }
    if (!sameShape(g.shape, out.shape)) {
      throw runtimeError(`Mismatch in shape: grad_output[${i}] has a shape of ${sizeString(g.shape)} and output[${i}] has a shape of ${sizeString(out.shape)}.`);
    }
    return g.dtype === out.dtype ? g : new Tensor(castStorage(g.data, out.dtype), g.shape, out.dtype);
  });
}

function rootEdges(outputs: readonly Tensor[]) {
  return outputs.map((t, i) => {
    if (!t.requiresGrad) throw runtimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    return gradientEdge(t);
  });
}

/** tensor.backward(gradient=, retain_graph=): accumulates into the leaves' .grad. */
export function backward(output: Tensor, gradient: Tensor | null = null, options: BackwardOptions = {}): void {
  const edges = rootEdges([output]);
  const grads = makeGrads([output], [gradient]);
  runBackward(edges, grads, { retainGraph: options.retainGraph ?? false, onStep: options.onStep });
}

export interface GradOptions {
  readonly gradOutputs?: readonly (Tensor | null)[];
  readonly retainGraph?: boolean;
  readonly allowUnused?: boolean;
}

/** torch.autograd.grad: returns d(outputs)/d(inputs) without touching .grad. */
export function grad(outputs: readonly Tensor[], inputs: readonly Tensor[], options: GradOptions = {}): (Tensor | null)[] {
  for (const t of inputs) {
    if (!t.requiresGrad) throw runtimeError('One of the differentiated Tensors does not require grad');
  }
  const edges = rootEdges(outputs);
  const grads = makeGrads(outputs, options.gradOutputs ?? outputs.map(() => null));
  // A leaf needs its AccumulateGrad node to exist for the engine to capture at it.
  for (const t of inputs) if (t.isLeaf) gradientEdge(t);
  const captured = runBackward(edges, grads, { retainGraph: options.retainGraph ?? false, capture: inputs });
  if (!options.allowUnused && captured.some((g) => g === null)) {
    throw runtimeError('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
  }
  return captured;
}
