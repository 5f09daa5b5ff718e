/**
 * The builder's state: what the UI edits and the store keeps as `builder_state`.
 * Everything is kept as the text the user typed, so a half-typed value survives
 * saving and reopening; code generation validates it.
 */

export const BUILDER_VERSION = 1;

export const SOURCES = ['literal', 'rand', 'randn', 'zeros', 'ones', 'linspace', 'arange'] as const;
export type TensorSource = (typeof SOURCES)[number];

export const BUILDER_DTYPES = ['float32', 'float64', 'int64'] as const;
export type BuilderDType = (typeof BUILDER_DTYPES)[number];

export interface BuilderTensor {
  id: string;
  name: string;
  source: TensorSource;
  /** Nested Python list, for `literal`. */
  literal: string;
  /** Comma-separated sizes, for rand/randn/zeros/ones. */
  shape: string;
  /** linspace(start, end, steps) and arange(start, end, step). */
  start: string;
  end: string;
  step: string;
  /** torch.manual_seed(seed) before this tensor is made; '' for none. */
  seed: string;
  dtype: BuilderDType;
  requiresGrad: boolean;
  /** An expression the gradient should equal, printed as `x.grad == expr` after backward; '' for none. */
  expectGrad: string;
}

export interface BuilderState {
  version: typeof BUILDER_VERSION;
  tensors: BuilderTensor[];
  lossName: string;
  loss: string;
  /** Compute the loss inside `with torch.no_grad():`. */
  noGrad: boolean;
  /** Name of a tensor used through `.detach()` in the loss; '' for none. */
  detach: string;
  /** Call loss.backward(...) at all. */
  backward: boolean;
  gradient: 'ones' | 'custom';
  /** Nested list for a custom gradient= tensor. */
  gradientLiteral: string;
  retainGraph: boolean;
}

export function newTensor(id: string, name: string, overrides: Partial<BuilderTensor> = {}): BuilderTensor {
  return {
    id,
    name,
    source: 'literal',
    literal: '[1., 2., 3.]',
    shape: '3',
    start: '0',
    end: '1',
    step: '5',
    seed: '',
    dtype: 'float32',
    requiresGrad: true,
    expectGrad: '',
    ...overrides,
  };
}

export function defaultBuilder(makeId: () => string): BuilderState {
  return {
    version: BUILDER_VERSION,
    tensors: [newTensor(makeId(), 'x', { literal: '[1., 2., 3., 4., 5.]' })],
    lossName: 'loss',
    loss: 'x**2 - 5',
    noGrad: false,
    detach: '',
    backward: true,
    gradient: 'ones',
    gradientLiteral: '',
    retainGraph: false,
  };
}

/** Reads a stored builder_state; null when it is not one this version understands. */
export function readBuilderState(value: unknown): BuilderState | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Partial<BuilderState>;
  if (v.version !== BUILDER_VERSION || !Array.isArray(v.tensors) || typeof v.loss !== 'string') return null;
  const fallback = defaultBuilder(() => '');
  return {
    ...fallback,
    ...v,
    version: BUILDER_VERSION,
    tensors: v.tensors.map((t, i) => newTensor(String(t?.id ?? `t${i}`), String(t?.name ?? `t${i}`), t)),
  };
}

export const PY_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set([
  'torch', 'F', 'math', 'print', 'range', 'len', 'abs', 'float', 'int', 'round', 'min', 'max', 'sum', 'str',
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** A plain-words problem with a variable name, or null when it is usable. */
export function checkName(name: string, taken: readonly string[]): string | null {
  if (name === '') return 'Give the tensor a name.';
  if (!PY_IDENTIFIER.test(name)) return 'A name is letters, digits and _, and does not start with a digit.';
  if (RESERVED.has(name)) return `"${name}" is reserved in Python or by the lab; pick another name.`;
  if (taken.includes(name)) return `Another tensor is already called "${name}".`;
  return null;
}
