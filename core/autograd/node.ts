import type { DType } from '../tensor/dtype';
import { legacyTypeName } from '../tensor/dtype';
import { runtimeError } from '../tensor/errors';
import type { Tensor } from '../tensor/tensor';

export interface Edge {
  readonly node: Node | null;
  readonly inputNr: number;
}

export interface InputMeta {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export const SECOND_BACKWARD_MESSAGE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
  'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
  'Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

// PyTorch numbers nodes as it creates them and runs ready nodes newest first.
let sequenceCounter = 0;

export abstract class Node {
  abstract readonly name: string;
  readonly sequenceNr: number;
  readonly nextEdges: readonly Edge[];
  /** Non-leaf tensors produced by this node that asked for retain_grad(). */
  retainGrad: Tensor[] | null = null;

  protected constructor(nextEdges: readonly Edge[], sequenceNr?: number) {
    this.nextEdges = nextEdges;
    this.sequenceNr = sequenceNr ?? sequenceCounter++;
  }

  /** The gradient for each next edge (null where no gradient flows). */
  abstract apply(grad: Tensor, gradOwned?: boolean): (Tensor | null)[];

  /** Frees saved tensors after a backward without retain_graph. */
  release(): void {}
}

/** A tensor kept for backward, checked against in-place changes when it is used. */
export class SavedTensor {
  #tensor: Tensor | null;
  readonly #version: number;
  readonly #producerName: string | null;

  constructor(tensor: Tensor, producerName: string | null) {
    this.#tensor = tensor;
    this.#version = tensor.version.value;
    this.#producerName = producerName;
  }

  get(): Tensor {
    const t = this.#tensor;
    if (t === null) throw runtimeError(SECOND_BACKWARD_MESSAGE);
    if (t.version.value !== this.#version) {
      const which = this.#producerName === null ? '' : `, which is output 0 of ${this.#producerName},`;
      throw runtimeError(
        'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
          `[${legacyTypeName(t.dtype)} [${t.shape.join(', ')}]]${which} is at version ${t.version.value}; ` +
          `expected version ${this.#version} instead. Hint: enable anomaly detection to find the operation ` +
          'that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).',
      );
    }
    return t;
  }

  release(): void {
    this.#tensor = null;
  }
}

/**
 * `gradOwned`: no one else holds the incoming gradient's storage, so the
 * closure may write its result into it instead of allocating (a backward pass
 * then keeps no more memory than it needs).
 */
export type BackwardFn = (grad: Tensor, needsGrad: readonly boolean[], gradOwned: boolean) => (Tensor | null)[];

/** The grad_fn of an op's output: a named backward closure over saved tensors. */
export class FunctionNode extends Node {
  readonly name: string;
  readonly inputMeta: readonly InputMeta[];
  readonly #backward: BackwardFn;
  readonly #saved: SavedTensor[];
  /** A saved Python scalar: after release, the node cannot run again. */
  readonly #savesScalar: boolean;
  #released = false;

  constructor(name: string, nextEdges: readonly Edge[], inputMeta: readonly InputMeta[], backward: BackwardFn, saved: SavedTensor[], savesScalar = false) {
    super(nextEdges);
    this.name = name;
    this.inputMeta = inputMeta;
    this.#backward = backward;
    this.#saved = saved;
    this.#savesScalar = savesScalar;
  }

  apply(grad: Tensor, gradOwned = false): (Tensor | null)[] {
    if (this.#released && this.#savesScalar) throw runtimeError(SECOND_BACKWARD_MESSAGE);
    const needs = this.nextEdges.map((e) => e.node !== null);
    return this.#backward(grad, needs, gradOwned);
  }

  /** Saved tensors go; a node that saved nothing can run again, as in PyTorch. */
  override release(): void {
    this.#released = true;
    for (const s of this.#saved) s.release();
  }
}

/** Sink node of a leaf: adds incoming gradients into `variable.grad`. */
export class AccumulateGrad extends Node {
  readonly name = 'AccumulateGrad';
  readonly variable: Tensor;

  constructor(variable: Tensor) {
    // Max priority, so leaves receive their gradient as soon as it is ready.
    super([], Number.MAX_SAFE_INTEGER);
    this.variable = variable;
  }

  apply(): (Tensor | null)[] {
    // The engine accumulates directly (it knows which buffers it owns).
    return [];
  }
}
