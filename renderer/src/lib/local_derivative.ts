/**
 * What a backward node multiplies the incoming gradient by, in words a
 * learner can check: PyTorch's derivatives.yaml rule per node name, and for
 * elementwise nodes the numbers themselves (grad out / grad in).
 */
import type { BackwardStep, TensorSummary } from '../api/types';

const RULES: Record<string, string> = {
  AddBackward0: 'self: grad, other: grad (× alpha)',
  SubBackward0: 'self: grad, other: −grad',
  RsubBackward0: 'self: −grad, other: grad',
  MulBackward0: 'self: grad · other, other: grad · self',
  DivBackward0: 'self: grad / other, other: −grad · self / other²',
  PowBackward0: 'self: grad · n · selfⁿ⁻¹',
  PowBackward1: 'self: grad · n · selfⁿ⁻¹, exponent: grad · selfⁿ · ln self',
  PowBackward2: 'exponent: grad · baseˣ · ln base',
  NegBackward0: 'self: −grad',
  ExpBackward0: 'self: grad · result',
  LogBackward0: 'self: grad / self',
  SqrtBackward0: 'self: grad / (2 · result)',
  SinBackward0: 'self: grad · cos(self)',
  CosBackward0: 'self: −grad · sin(self)',
  TanhBackward0: 'self: grad · (1 − result²)',
  SigmoidBackward0: 'self: grad · result · (1 − result)',
  ReluBackward0: 'self: grad · (result > 0)',
  AbsBackward0: 'self: grad · sign(self)',
  SumBackward0: 'self: grad expanded to self’s shape',
  SumBackward1: 'self: grad expanded along dim',
  MeanBackward0: 'self: grad expanded / numel',
  MeanBackward1: 'self: grad expanded / size of dim',
  MmBackward0: 'self: grad @ mat2ᵀ, mat2: selfᵀ @ grad',
  MvBackward0: 'self: grad ⊗ vec, vec: selfᵀ @ grad',
  DotBackward0: 'self: grad · tensor, tensor: grad · self',
  TBackward0: 'self: gradᵀ',
  TransposeBackward0: 'self: grad transposed back',
  PermuteBackward0: 'self: grad permuted back',
  ViewBackward0: 'self: grad reshaped to self’s shape',
  ReshapeAliasBackward0: 'self: grad reshaped to self’s shape',
  UnsqueezeBackward0: 'self: grad squeezed',
  SqueezeBackward0: 'self: grad unsqueezed',
  ExpandBackward0: 'self: grad summed over expanded dims',
  CloneBackward0: 'self: grad',
  SelectBackward0: 'self: grad placed at the index, zeros elsewhere',
  SliceBackward0: 'self: grad placed in the slice, zeros elsewhere',
  MseLossBackward0: 'self: 2 · (self − target) · grad / n',
  BinaryCrossEntropyWithLogitsBackward0: 'self: (sigmoid(self) − target) · grad / n',
  AccumulateGrad: 'adds grad into the leaf’s .grad',
};

export function ruleFor(name: string): string | null {
  return RULES[name] ?? null;
}

/** Elementwise grad out / grad in, when both are the same shape and the ratio is defined. */
export function localFactor(gradIn: TensorSummary, gradOut: TensorSummary | null): number[] | null {
  if (!gradOut || !gradIn.values || !gradOut.values) return null;
  if (gradIn.shape.join(',') !== gradOut.shape.join(',')) return null;
  const out: number[] = [];
  for (let i = 0; i < gradIn.values.length; i++) {
    const a = gradIn.values[i];
    if (a === 0) return null;
    out.push(gradOut.values[i] / a);
  }
  return out;
}

export function stepSummary(step: BackwardStep): { rule: string | null; factors: Array<number[] | null> } {
  return { rule: ruleFor(step.name), factors: step.gradsOut.map((g) => localFactor(step.gradIn, g)) };
}
