/**
 * Replays tests/oracle/fixtures/ops.json (real PyTorch results) through the
 * interpreter: each case or scenario step becomes a line of script, run by
 * runScript, and the live values are compared with what PyTorch recorded.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Tensor } from '../../core/index';
import { isTensor } from '../../core/index';
import { pyFloatRepr, pyStrRepr } from '../../core/print/index';
import { runScript } from '../../core/run/run_script';
import type { RunResult } from '../../core/run/run_result';
import { jsonValue } from '../../core/run/summaries';
import { Printer } from '../../core/script/interpreter/repr';
import type { PyValue } from '../../core/script/interpreter/values';
import { PyTuple } from '../../core/script/interpreter/values';
import { jsonDiff } from '../cli/corpus_helpers';

export type Num = number | string | boolean;

export interface InputSpec {
  data: Num[];
  shape: number[];
  dtype: string;
  requires_grad?: boolean;
}

export interface TensorFull {
  data: Num[];
  shape: number[];
  dtype: string;
  requires_grad: boolean;
  is_leaf: boolean;
  grad_fn: string | null;
  next_functions: [string | null, number][] | null;
  repr: string;
}

export type Output = TensorFull | { python: unknown } | { tuple: TensorFull[] };

export interface ErrorSpec {
  type: string;
  message: string;
}

export interface OpCase {
  name: string;
  fn: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  inputs: Record<string, InputSpec>;
  seed?: number;
  output?: Output;
  grad_output?: InputSpec | null;
  grads?: Record<string, { data: Num[]; shape: number[]; dtype: string } | null>;
  error?: ErrorSpec;
  phase?: 'forward' | 'backward';
  warnings?: { category: string; message: string }[];
}

export interface Step {
  let?: string;
  fn?: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  no_grad?: boolean;
  backward?: string;
  gradient?: InputSpec;
  retain_graph?: boolean;
  set?: [string, string, unknown];
}

export interface StepResult {
  value?: Output | null;
  grads?: Record<string, { data: Num[]; shape: number[]; dtype: string } | null>;
  ok?: boolean;
  error?: ErrorSpec;
  warnings?: { category: string; message: string }[];
}

export interface Scenario {
  name: string;
  inputs: Record<string, InputSpec>;
  steps: Step[];
  results: StepResult[];
  final: Record<string, { value: TensorFull; grad: { data: Num[]; shape: number[]; dtype: string } | null }>;
}

export interface OpsFixture {
  cases: OpCase[];
  scenarios: Scenario[];
}

export function loadOpsFixture(): OpsFixture {
  const file = path.resolve(import.meta.dirname, '..', 'oracle', 'fixtures', 'ops.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as OpsFixture;
}

// ---------------------------------------------------------------- script text

function numberLiteral(v: Num, dtype: string): string {
  if (v === 'nan') return "float('nan')";
  if (v === 'inf') return "float('inf')";
  if (v === '-inf') return "float('-inf')";
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (dtype === 'int64') return String(v);
  return pyFloatRepr(v as number);
}

/** `torch.tensor([...], dtype=...).reshape(shape).clone()`: a true leaf, as gen_ops.py makes it. */
export function tensorLiteral(spec: InputSpec): string {
  const flat = spec.data.map((v) => numberLiteral(v, spec.dtype)).join(', ');
  const shape = spec.shape.length === 1 ? `(${spec.shape[0]},)` : `(${spec.shape.join(', ')})`;
  return `torch.tensor([${flat}], dtype=torch.${spec.dtype}).reshape(${shape}).clone()`;
}

export function inputLines(inputs: Record<string, InputSpec>): string[] {
  const lines: string[] = [];
  for (const [name, spec] of Object.entries(inputs)) {
    lines.push(`${name} = ${tensorLiteral(spec)}`);
    if (spec.requires_grad) lines.push(`${name}.requires_grad_()`);
  }
  return lines;
}

export function argText(a: unknown): string {
  if (a === null) return 'None';
  if (typeof a === 'string') return a.startsWith('$') ? a.slice(1) : pyStrRepr(a);
  if (Array.isArray(a)) return a.length === 1 ? `(${argText(a[0])},)` : `(${a.map(argText).join(', ')})`;
  const o = a as Record<string, unknown>;
  if ('int' in o) return String(o.int);
  if ('float' in o) return pyFloatRepr(o.float as number);
  if ('bool' in o) return o.bool ? 'True' : 'False';
  if ('dtype' in o) return `torch.${String(o.dtype)}`;
  throw new Error(`cannot write argument ${JSON.stringify(a)}`);
}

function indexText(a: unknown): string {
  if (Array.isArray(a)) return a.map(indexText).join(', ') + (a.length === 1 ? ',' : '');
  const o = a as Record<string, unknown> | null;
  if (o !== null && typeof o === 'object' && 'slice' in o) {
    const [lo, hi, st] = o.slice as (number | null)[];
    return `${lo ?? ''}:${hi ?? ''}${st === null || st === undefined ? '' : `:${st}`}`;
  }
  return argText(a);
}

const BINARY = new Set(['+', '-', '*', '/', '**', '@', '==', '!=', '<', '<=', '>', '>=']);
const ATTRIBUTES = new Set(['.T', '.grad', '.requires_grad', '.is_leaf', '.grad_fn', '.shape', '.dtype']);

/** The Python expression a fixture call stands for. */
export function callText(fn: string, args: unknown[], kwargs: Record<string, unknown> = {}): string {
  const kw = Object.entries(kwargs).map(([k, v]) => `${k}=${argText(v)}`);
  if (fn.startsWith('op:')) {
    const op = fn.slice(3);
    if (BINARY.has(op)) return `(${argText(args[0])} ${op} ${argText(args[1])})`;
    if (op === 'neg') return `(-${argText(args[0])})`;
    if (op === 'index') return `${argText(args[0])}[${indexText(args[1])}]`;
  }
  if (ATTRIBUTES.has(fn)) return `${argText(args[0])}${fn}`;
  const all = [...args.slice(fn.startsWith('.') ? 1 : 0).map(argText), ...kw].join(', ');
  if (fn.startsWith('.')) return `${argText(args[0])}${fn}(${all})`;
  if (fn.startsWith('F.')) return `${fn}(${all})`;
  return `torch.${fn}(${all})`;
}

export function run(lines: string[]): { result: RunResult; variables: Map<string, unknown> } {
  const source = ['import torch', 'import torch.nn.functional as F', ...lines].join('\n') + '\n';
  const { result, session } = runScript(source);
  return { result, variables: session.variables };
}

// ---------------------------------------------------------------- comparison

function num(v: Num): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v as number;
}

/** null when `got` holds exactly `want`'s data (bit for bit, NaN equal to NaN), shape and dtype. */
export function dataDiff(got: Tensor, want: { data: Num[]; shape: number[]; dtype: string }): string | null {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, want ${want.dtype}`;
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) return `shape [${got.shape}], want [${want.shape}]`;
  for (let i = 0; i < want.data.length; i++) {
    const g = got.data[i];
    const w = num(want.data[i]);
    if (Number.isNaN(w) ? !Number.isNaN(g) : !Object.is(g, w) && g !== w) {
      return `data[${i}] = ${g}, want ${w}`;
    }
  }
  return null;
}

export function tensorDiff(got: unknown, want: TensorFull): string | null {
  if (!isTensor(got)) return `not a tensor: ${String(got)}`;
  const d = dataDiff(got, want);
  if (d !== null) return d;
  if (got.requiresGrad !== want.requires_grad) return `requires_grad ${got.requiresGrad}`;
  if (got.isLeaf !== want.is_leaf) return `is_leaf ${got.isLeaf}`;
  const gradFn = got.gradFn?.name ?? null;
  if (gradFn !== want.grad_fn) return `grad_fn ${gradFn}, want ${want.grad_fn}`;
  const next = got.gradFn === null ? null : got.gradFn.nextEdges.map((e) => [e.node?.name ?? null, e.inputNr]);
  if (JSON.stringify(next) !== JSON.stringify(want.next_functions)) return `next_functions ${JSON.stringify(next)}, want ${JSON.stringify(want.next_functions)}`;
  const repr = new Printer().repr(got);
  if (repr !== want.repr) return `repr ${JSON.stringify(repr)}, want ${JSON.stringify(want.repr)}`;
  return null;
}

export function outputDiff(got: unknown, want: Output | null): string | null {
  if (want === null) return got === null ? null : `got ${String(got)}, want None`;
  if ('tuple' in want) {
    if (!(got instanceof PyTuple) || got.items.length !== want.tuple.length) return 'want a tuple of tensors';
    for (let i = 0; i < want.tuple.length; i++) {
      const d = tensorDiff(got.items[i], want.tuple[i]);
      if (d !== null) return `[${i}]: ${d}`;
    }
    return null;
  }
  if ('python' in want) return jsonDiff(jsonValue(got as PyValue, new Printer()), want.python, 'python', 1e-6, true);
  return tensorDiff(got, want);
}

export function errorDiff(result: RunResult, want: ErrorSpec, line: number): string | null {
  const e = result.error;
  if (e === null) return `no error, want ${want.type}: ${want.message}`;
  if (e.type !== want.type || e.message !== want.message) return `${e.type}: ${e.message}\nwant ${want.type}: ${want.message}`;
  if (e.line !== line) return `error on line ${e.line}, want ${line}`;
  return null;
}

export function warningsOf(result: RunResult, line?: number): { category: string; message: string }[] {
  return result.records
    .filter((r) => r.kind === 'warning' && (line === undefined || r.line === line))
    .map((r) => (r.kind === 'warning' ? { category: r.category, message: r.message } : { category: '', message: '' }));
}

/** Scripts start with two import lines, so list index i is script line i + 3. */
const FIRST_LINE = 3;

/** Replays one case; null when everything matches PyTorch, else what differs. */
export function replayCase(c: OpCase): string | null {
  const lines = [...(c.seed === undefined ? [] : [`torch.manual_seed(${c.seed})`]), ...inputLines(c.inputs)];
  lines.push(`out = ${callText(c.fn, c.args, c.kwargs)}`);
  const callLine = lines.length - 1 + FIRST_LINE;
  if (c.error !== undefined && c.phase === 'forward') return errorDiff(run(lines).result, c.error, callLine);
  const backward = c.grads !== undefined || c.phase === 'backward';
  if (backward) lines.push(c.grad_output ? `out.backward(${tensorLiteral(c.grad_output)})` : 'out.backward()');
  const { result, variables } = run(lines);
  if (c.error !== undefined) {
    const d = errorDiff(result, c.error, lines.length - 1 + FIRST_LINE);
    if (d !== null) return d;
  } else if (result.error !== null) {
    return `${result.error.type}: ${result.error.message} (line ${result.error.line})`;
  }
  const d = outputDiff(variables.get('out'), c.output ?? null);
  if (d !== null) return `output: ${d}`;
  for (const [name, want] of Object.entries(c.grads ?? {})) {
    const t = variables.get(name);
    if (!isTensor(t)) return `${name} is not a tensor`;
    if (want === null ? t.grad !== null : t.grad === null) return `${name}.grad: ${t.grad === null ? 'None' : 'set'}, want ${want === null ? 'None' : 'a tensor'}`;
    if (want !== null && t.grad !== null) {
      const g = dataDiff(t.grad, want);
      if (g !== null) return `${name}.grad: ${g}`;
    }
  }
  const warnings = warningsOf(result);
  if (JSON.stringify(warnings) !== JSON.stringify(c.warnings ?? [])) return `warnings ${JSON.stringify(warnings)}, want ${JSON.stringify(c.warnings ?? [])}`;
  return null;
}

function stepLines(s: Scenario, upTo: number): string[] {
  const lines = inputLines(s.inputs);
  s.steps.slice(0, upTo + 1).forEach((step, k) => {
    let line: string;
    if (step.backward !== undefined) {
      const args = [step.gradient ? tensorLiteral(step.gradient) : null, step.retain_graph ? 'retain_graph=True' : null].filter((a) => a !== null);
      line = `${step.backward.slice(1)}.backward(${args.join(', ')})`;
    } else if (step.set !== undefined) {
      const [attr, target, v] = step.set;
      line = `${target.slice(1)}.${attr} = ${argText(v)}`;
    } else {
      line = `${step.let ?? `v${k}`} = ${callText(step.fn as string, step.args ?? [], step.kwargs ?? {})}`;
    }
    if (step.no_grad) lines.push('with torch.no_grad():', `    ${line}`);
    else lines.push(line);
  });
  return lines;
}

/** Replays a scenario step by step, then checks the final state; null when all match. */
export function replayScenario(s: Scenario): string | null {
  const leaves = Object.keys(s.inputs);
  for (let k = 0; k < s.results.length; k++) {
    const step = s.steps[k];
    const want = s.results[k];
    const lines = stepLines(s, k);
    const line = lines.length - 1 + FIRST_LINE;
    const { result, variables } = run(lines);
    if (want.error !== undefined) {
      const d = errorDiff(result, want.error, line);
      return d === null ? null : `step ${k}: ${d}`;
    }
    if (result.error !== null) return `step ${k}: ${result.error.type}: ${result.error.message}`;
    if ('value' in want) {
      const d = outputDiff(variables.get(step.let ?? `v${k}`), want.value ?? null);
      if (d !== null) return `step ${k}: ${d}`;
    }
    if (want.grads !== undefined) {
      for (const name of leaves) {
        const t = variables.get(name);
        const g = want.grads[name];
        if (!isTensor(t)) return `step ${k}: ${name} is not a tensor`;
        if ((g === null) !== (t.grad === null)) return `step ${k}: ${name}.grad presence differs`;
        if (g !== null && t.grad !== null) {
          const d = dataDiff(t.grad, g);
          if (d !== null) return `step ${k}: ${name}.grad ${d}`;
        }
      }
    }
    const warnings = warningsOf(result, line);
    if (JSON.stringify(warnings) !== JSON.stringify(want.warnings ?? [])) return `step ${k}: warnings ${JSON.stringify(warnings)}`;
  }
  const { variables } = run(stepLines(s, s.steps.length - 1));
  for (const [name, want] of Object.entries(s.final)) {
    const t = variables.get(name);
    const d = tensorDiff(t, want.value);
    if (d !== null) return `final ${name}: ${d}`;
    if (isTensor(t) && (want.grad === null) !== (t.grad === null)) return `final ${name}.grad presence differs`;
    if (isTensor(t) && want.grad !== null && t.grad !== null) {
      const g = dataDiff(t.grad, want.grad);
      if (g !== null) return `final ${name}.grad: ${g}`;
    }
  }
  return null;
}
