/**
 * What builtins, the torch namespace and tensor methods need from the running
 * interpreter: output, warnings, limits and backward bookkeeping.
 */
import type { Tensor } from '../../index';
import type { RunLimits } from './limits';
import type { Printer } from './repr';
import type { PyValue } from './values';

export interface Runtime {
  readonly printer: Printer;
  readonly limits: RunLimits;
  /** Stops the run past the wall-time limit or when the app cancels; long builtins call it as they go. */
  checkTime(): void;
  /** print(*values, sep=, end=). */
  print(values: PyValue[], sep: string, end: string): void;
  /** warnings.warn(message, category), shown once per line as Python's default filter does. */
  warn(category: string, message: string): void;
  /** A warning PyTorch raises with TORCH_WARN_ONCE: once per run. */
  warnOnce(category: string, message: string): void;
  /** Refuses a tensor of `numel` elements before it is allocated (limits). */
  checkElements(numel: number): void;
  /** tensor.backward(): runs the engine and records the trace. */
  backward(root: Tensor, gradient: Tensor | null, retainGraph: boolean): void;
  /** Notes why a tensor that came from tracked tensors is outside the graph. */
  markCut(t: Tensor, reason: 'detach' | 'no_grad'): void;
}
