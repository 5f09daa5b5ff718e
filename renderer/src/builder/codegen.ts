/**
 * Builder state → the equivalent PyTorch script, runnable by real PyTorch as
 * it is. Also reports every problem in the state, in plain words, with where
 * it is (which tensor and field, or the loss column) so the UI can show it
 * inline. Code is generated even with problems, so Code mode can show it.
 */
import { parseLiteral, parseShape } from './literal';
import { checkName, type BuilderState, type BuilderTensor } from './model';
import { inferShape, parseExpression, renameVariable, shapeText, type ExprProblem, type Shape } from './expression';

export type Field = 'name' | 'literal' | 'shape' | 'start' | 'end' | 'step' | 'seed' | 'dtype' | 'requiresGrad' | 'expectGrad';

export interface TensorProblem {
  tensorId: string;
  field: Field;
  message: string;
  col?: number;
}

export interface BuilderAnalysis {
  code: string;
  tensorProblems: TensorProblem[];
  lossProblem: ExprProblem | null;
  gradientProblem: { message: string; col?: number } | null;
  /** Shape of the loss when it can be worked out before running. */
  lossShape: Shape | null;
  /** Shapes of the tensors that are well-formed. */
  shapes: Map<string, Shape>;
  /** Advice that is not an error (e.g. backward under no_grad will raise). */
  notes: string[];
  ok: boolean;
}

export function detachedName(name: string): string {
  return `${name}_detached`;
}

function isNumber(text: string): boolean {
  return /^[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)$/i.test(text.trim());
}

function isInt(text: string): boolean {
  return /^[+-]?\d+$/.test(text.trim());
}

function tensorLine(t: BuilderTensor, problems: TensorProblem[]): { code: string; shape: Shape | null } {
  const problem = (field: Field, message: string, col?: number): void => {
    problems.push({ tensorId: t.id, field, message, col });
  };
  const kwargs: string[] = [];
  const dtypeArg = `dtype=torch.${t.dtype}`;
  const grad = t.requiresGrad ? ['requires_grad=True'] : [];
  if (t.requiresGrad && t.dtype === 'int64') problem('requiresGrad', 'Only floating-point tensors can require gradients: choose float32 or float64.');
  let call: string;
  let shape: Shape | null = null;
  switch (t.source) {
    case 'literal': {
      const parsed = parseLiteral(t.literal);
      if (!parsed.ok) problem('literal', parsed.problem.message, parsed.problem.col);
      else shape = parsed.value.shape;
      // torch.tensor infers float32 from floats and int64 from ints: say the dtype only when it differs.
      const inferred = parsed.ok ? parsed.value.inferred : 'float32';
      if (inferred !== t.dtype) kwargs.push(dtypeArg);
      call = `torch.tensor(${t.literal.trim()}`;
      break;
    }
    case 'rand':
    case 'randn':
    case 'zeros':
    case 'ones': {
      const parsed = parseShape(t.shape);
      if (!parsed.ok) problem('shape', parsed.message);
      else shape = parsed.shape;
      if ((t.source === 'rand' || t.source === 'randn') && t.dtype === 'int64') problem('dtype', `torch.${t.source} makes floating-point values: choose float32 or float64.`);
      if (t.dtype !== 'float32') kwargs.push(dtypeArg);
      const sizes = parsed.ok ? parsed.shape.join(', ') : t.shape.trim();
      call = `torch.${t.source}(${sizes}`;
      if (parsed.ok && parsed.shape.length === 0) call = `torch.${t.source}(()`;
      break;
    }
    case 'linspace': {
      for (const f of ['start', 'end'] as const) if (!isNumber(t[f])) problem(f, `${f === 'start' ? 'Start' : 'End'} must be a number.`);
      if (!isInt(t.step) || Number(t.step) < 0) problem('step', 'Steps must be a whole number of points, 0 or more.');
      else shape = [Number(t.step)];
      if (t.dtype === 'int64' && t.requiresGrad) {
        // already reported above
      }
      if (t.dtype !== 'float32') kwargs.push(dtypeArg);
      call = `torch.linspace(${t.start.trim()}, ${t.end.trim()}, ${t.step.trim()}`;
      break;
    }
    case 'arange': {
      for (const f of ['start', 'end', 'step'] as const) if (!isNumber(t[f])) problem(f, `${f[0].toUpperCase()}${f.slice(1)} must be a number.`);
      const [a, b, s] = [Number(t.start), Number(t.end), Number(t.step)];
      if (isNumber(t.step) && s === 0) problem('step', 'Step must not be 0.');
      else if ([a, b, s].every(Number.isFinite)) shape = [Math.max(0, Math.ceil((b - a) / s))];
      const allInts = [t.start, t.end, t.step].every(isInt);
      if (allInts !== (t.dtype === 'int64')) kwargs.push(dtypeArg);
      call = `torch.arange(${t.start.trim()}, ${t.end.trim()}, ${t.step.trim()}`;
      break;
    }
  }
  const args = [...kwargs, ...grad];
  return { code: `${t.name} = ${call}${args.length ? ', ' + args.join(', ') : ''})`, shape };
}

export function generate(state: BuilderState): BuilderAnalysis {
  const tensorProblems: TensorProblem[] = [];
  const shapes = new Map<string, Shape>();
  const notes: string[] = [];
  const lines = ['import torch', ''];
  const names: string[] = [];

  for (const t of state.tensors) {
    const nameProblem = checkName(t.name, names);
    if (nameProblem) tensorProblems.push({ tensorId: t.id, field: 'name', message: nameProblem });
    names.push(t.name);
    if (t.seed.trim() !== '') {
      if (!isInt(t.seed)) tensorProblems.push({ tensorId: t.id, field: 'seed', message: 'The seed must be a whole number.' });
      lines.push(`torch.manual_seed(${t.seed.trim()})`);
    }
    const { code, shape } = tensorLine(t, tensorProblems);
    lines.push(code);
    if (shape) shapes.set(t.name, shape);
  }

  let loss = state.loss.trim();
  let lossProblem: ExprProblem | null = null;
  let lossShape: Shape | null = null;
  const lossName = state.lossName.trim() || 'loss';

  const detached = state.tensors.find((t) => t.name === state.detach);
  if (state.detach && !detached) notes.push(`There is no tensor "${state.detach}" to detach any more.`);
  if (detached) {
    const dname = detachedName(detached.name);
    lines.push(`${dname} = ${detached.name}.detach()`);
    const s = shapes.get(detached.name);
    if (s) shapes.set(dname, s);
  }

  const parsed = parseExpression(state.loss);
  if (!parsed.ok) lossProblem = parsed.problem;
  else {
    try {
      lossShape = inferShape(parsed.expr, shapes);
    } catch (e) {
      lossProblem = e as ExprProblem;
    }
  }
  if (detached && parsed.ok) loss = renameVariable(loss, detached.name, detachedName(detached.name));

  if (state.noGrad) {
    lines.push('with torch.no_grad():', `    ${lossName} = ${loss}`);
  } else {
    lines.push(`${lossName} = ${loss}`);
  }
  lines.push(`print(${lossName})`);

  let gradientProblem: { message: string; col?: number } | null = null;
  if (state.backward) {
    const args: string[] = [];
    if (state.gradient === 'custom') {
      const g = parseLiteral(state.gradientLiteral);
      if (!g.ok) gradientProblem = { message: g.problem.message, col: g.problem.col };
      else if (lossShape && shapeText(g.value.shape) !== shapeText(lossShape)) {
        gradientProblem = { message: `The gradient has shape ${shapeText(g.value.shape)} but the loss has shape ${shapeText(lossShape)}: they must match.` };
      }
      const floatFix = g.ok && g.value.inferred !== 'float32' ? ', dtype=torch.float32' : '';
      args.push(`gradient=torch.tensor(${state.gradientLiteral.trim()}${floatFix})`);
    } else if (lossShape === null) {
      args.push(`gradient=torch.ones_like(${lossName})`);
    } else if (lossShape.length > 0) {
      args.push(`gradient=torch.ones(${lossShape.join(', ')})`);
    }
    if (state.retainGraph) args.push('retain_graph=True');
    lines.push(`${lossName}.backward(${args.join(', ')})`);
    for (const t of state.tensors) {
      if (!t.requiresGrad) continue;
      lines.push(`print(${t.name}.grad)`);
      const expected = t.expectGrad.trim();
      if (expected) {
        const check = parseExpression(expected);
        if (!check.ok) tensorProblems.push({ tensorId: t.id, field: 'expectGrad', message: check.problem.message, col: check.problem.col });
        lines.push(`print(${t.name}.grad == ${expected})`);
      }
    }
    if (state.noGrad) notes.push('The loss is computed under no_grad, so it has no grad_fn: backward() will raise an error. Untick "Call backward()" to only look at the values.');
    else if (!state.tensors.some((t) => t.requiresGrad && t.name !== state.detach)) {
      notes.push('No tensor requires grad (a detached one does not count), so backward() will raise an error.');
    }
  }
  lines.push('');

  return {
    code: lines.join('\n'),
    tensorProblems,
    lossProblem,
    gradientProblem,
    lossShape,
    shapes,
    notes,
    ok: tensorProblems.length === 0 && !lossProblem && !gradientProblem,
  };
}
