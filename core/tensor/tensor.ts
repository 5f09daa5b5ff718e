import type { DType, Storage } from './dtype';
import { allocate, isFloating } from './dtype';
import { runtimeError } from './errors';
import type { Pending } from './pending';
import { addReader, flushReaders } from './pending';
import type { Shape } from './shape';
import { stridesOf } from './shape';
import type { Node, AccumulateGrad } from '../autograd/node';
import type { Origin } from '../autograd/origin';

/** Shared by a tensor and every view or detach() of it, as in PyTorch. */
export class VersionCounter {
  value = 0;
}

/**
 * A dense tensor whose storage is always row-major of its shape. Ops live in
 * core/ops as functions; this class only holds data and autograd bookkeeping.
 * Its values may be pending (see pending.ts): reading `data` computes them.
 */
export class Tensor {
  #data: Storage | null;
  #pending: Pending | null = null;
  readonly #numel: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /**
   * The strides PyTorch would give this tensor (see tensor/strides.ts): what
   * view/reshape/is_contiguous decide by. The storage itself stays row-major.
   */
  strides: readonly number[];
  /** Bumped by every in-place write; saved tensors compare against it. */
  version: VersionCounter;
  gradFn: Node | null = null;
  /** The raw `.grad` field; the interpreter adds PyTorch's non-leaf warning on read. */
  grad: Tensor | null = null;
  retainsGrad = false;
  /** Cached AccumulateGrad node, so every use of a leaf feeds the same node. */
  accumulator: AccumulateGrad | null = null;
  /** The tensor whose storage this one views, if any. */
  base: Tensor | null = null;
  /** How an op produced this tensor, recorded only while tracing (for the symbolic trace). */
  origin: Origin | null = null;
  /** The script variable this tensor was first bound to, if any. */
  label: string | null = null;
  #requiresGrad = false;

  constructor(data: Storage | Pending, shape: Shape, dtype: DType, version?: VersionCounter, strides?: readonly number[]) {
    this.shape = shape.slice();
    this.#numel = this.shape.reduce((p, s) => p * s, 1);
    if (ArrayBuffer.isView(data)) {
      this.#data = data;
    } else {
      this.#data = null;
      this.#pending = data;
      for (const s of data.sources) addReader(s, this);
    }
    this.strides = strides === undefined ? stridesOf(shape) : strides.slice();
    this.dtype = dtype;
    this.version = version ?? new VersionCounter();
  }

  get requiresGrad(): boolean {
    return this.gradFn !== null || this.#requiresGrad;
  }

  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get numel(): number {
    return this.#numel;
  }

  get data(): Storage {
    return this.#data ?? this.#compute();
  }

  /** `w.data = v` swaps the storage; pending tensors reading the old one keep their values. */
  set data(storage: Storage) {
    this.#data = storage;
    this.#pending = null;
  }

  /** How this tensor's values will be computed, while they have not been yet. */
  get pending(): Pending | null {
    return this.#pending;
  }

  materialize(): void {
    if (this.#data === null) this.#compute();
  }

  #compute(): Storage {
    const p = this.#pending as Pending;
    const out = allocate(this.dtype, this.#numel);
    p.evaluate(0, this.#numel, out, 0);
    this.#data = out;
    this.#pending = null;
    return out;
  }

  /**
   * Call before writing into this tensor's storage in place: tensors whose
   * values are still pending on it compute them from the values before.
   */
  prepareWrite(): void {
    flushReaders(this.data);
  }

  /** `t.requires_grad = flag`, with PyTorch's checks and messages. */
  setRequiresGrad(flag: boolean, viaMethod = false): void {
    if (!this.isLeaf) {
      if (flag) return;
      throw runtimeError(
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
      );
    }
    if (flag && !isFloating(this.dtype)) {
      throw runtimeError(
        viaMethod
          ? 'only Tensors of floating point dtype can require gradients'
          : 'only Tensors of floating point and complex dtype can require gradients',
      );
    }
    this.#requiresGrad = flag;
  }

  /** `torch.tensor(..., requires_grad=True)` and other factories, whose message is capitalised. */
  setRequiresGradFromFactory(): void {
    if (!isFloating(this.dtype)) throw runtimeError('Only Tensors of floating point and complex dtype can require gradients');
    this.#requiresGrad = true;
  }

  /** Makes this tensor a fresh leaf (detach_()). */
  becomeLeaf(requiresGrad: boolean): void {
    this.gradFn = null;
    this.#requiresGrad = requiresGrad;
  }

  bumpVersion(): void {
    this.version.value++;
  }
}

export function isTensor(v: unknown): v is Tensor {
  return v instanceof Tensor;
}
