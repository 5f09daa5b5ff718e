/**
 * Runs a script end to end: parse, interpret against the engine, and gather
 * the RunResult (output, error, variables, graph, backward traces, loop
 * series) plus a RunSession with the live objects for the analytic module.
 *
 * Seeding: before the script runs, the default generator is seeded with
 * `options.seed ?? 0`, so a script that never calls torch.manual_seed still
 * gives the same numbers on every run; `result.seed` reports that seed.
 * (torch.manual_seed inside the script reseeds as in PyTorch.)
 */
import type { Tensor } from '../index';
import { Tensor as EngineTensor, backward, isGradEnabled, isTracing, setGradEnabled, setTracing } from '../index';
import { manualSeed } from '../random/index';
import { captureBackward } from '../symbolic/index';
import type { BackwardCapture } from '../symbolic/index';
import type * as ast from '../script/ast';
import { childNodes } from '../script/ast';
import { parse } from '../script/parser';
import { normalizeSource } from '../script/source_text';
import { ScriptSyntaxError } from '../script/syntax_error';
import { INT_MAX_STR_DIGITS } from '../script/interpreter/repr';
import { DEFAULT_LIMITS, Interpreter } from '../script/interpreter/interpreter';
import type { RunLimits } from '../script/interpreter/interpreter';
import type { PyValue } from '../script/interpreter/values';
import { PyCallable, PyGradMode, PyModule, isTensorValue } from '../script/interpreter/values';
import { PyError } from '../script/interpreter/errors';
import type { CutMark } from './graph';
import { NodeIds, extractGraph, reachableLeaves, rootNode } from './graph';
import type { BackwardStep, BackwardTrace, LoopSeries, OutputRecord, RunResult, ScriptError, VariableInfo } from './run_result';
import { toScriptError } from './script_error';
import { formatTraceback, formatWarning } from './stderr';
import { DEFAULT_SUMMARY_ELEMENTS, jsonValue, summarize, tensorElements } from './summaries';

export type { RunLimits };
export { DEFAULT_LIMITS };

export interface RunProgress {
  readonly line: number;
  readonly iteration: number;
  readonly total: number | null;
}

export interface RunOptions {
  /** Seed of the default generator when the script sets none (default 0). */
  readonly seed?: number;
  readonly limits?: Partial<RunLimits>;
  /** Each print and warning as it happens. */
  readonly onOutput?: (record: OutputRecord) => void;
  /** Loop progress, at most every `progressIntervalMs` (default 100) and on a loop's last iteration. */
  readonly onProgress?: (progress: RunProgress) => void;
  readonly progressIntervalMs?: number;
  /** Checked before every statement; true stops the run with a `Cancelled` error. */
  readonly shouldCancel?: () => boolean;
  /** File name shown in tracebacks and warnings on stderr (default `<script>`). */
  readonly fileName?: string;
  /** Tensors up to this many elements keep their values in summaries (default 10,000). */
  readonly maxSummaryElements?: number;
  /** Backward traces kept in the result (the last backward is always kept). Default 100. */
  readonly maxBackwardTraces?: number;
  /**
   * Output kept in `records` and `stdout`, in characters (default 10,000,000);
   * the printed values kept in records are held to as many JSON items. Past
   * either, the output still streams whole through `onOutput`, and a
   * ResourceWarning record in the result says what was left out.
   */
  readonly maxRecordedOutput?: number;
  /** Variable reprs in the result are cut after this many characters, ending in `…` (default 10,000). */
  readonly maxReprChars?: number;
}

const DEFAULT_RECORDED_OUTPUT = 10_000_000;
const DEFAULT_REPR_CHARS = 10_000;

export interface LastBackward {
  readonly root: Tensor;
  readonly gradient: Tensor | null;
  readonly line: number;
  readonly leaves: { name: string; tensor: Tensor }[];
  /** Expression, values and gradients frozen when backward() ran: later updates (an optimizer step) do not change them. */
  readonly capture: BackwardCapture | null;
}

/** Live objects of a finished run, for the analytic-derivatives module. */
export interface RunSession {
  lastBackward: LastBackward | null;
  /** The script's global variables (modules and functions included), as live interpreter values. */
  readonly variables: Map<string, unknown>;
  /** The parsed-and-run interpreter's node ids, matching `result.graph` and `result.backwards`. */
  readonly nodeIds: NodeIds;
}

const MAX_SERIES_POINTS = 10_000;

interface RawStep {
  readonly node: string;
  readonly name: string;
  readonly gradIn: Tensor;
  readonly gradsOut: (Tensor | null)[];
}

interface RawTrace {
  readonly line: number;
  readonly root: string | null;
  readonly steps: RawStep[];
}

function copyOf(t: Tensor): Tensor {
  return new EngineTensor(t.data.slice(), t.shape, t.dtype);
}

function summarizeTrace(t: RawTrace, maxSummary: number): BackwardTrace {
  const steps: BackwardStep[] = t.steps.map((s) => ({
    node: s.node,
    name: s.name,
    gradIn: summarize(s.gradIn, maxSummary),
    gradsOut: s.gradsOut.map((g) => (g === null ? null : summarize(g, maxSummary))),
  }));
  return { line: t.line, root: t.root, steps };
}

function now(): number {
  return Date.now();
}

function variableNames(globals: Map<string, PyValue>, t: Tensor): string | null {
  for (const [name, v] of globals) if (v === t) return name;
  return t.label;
}

function stderrFor(records: readonly OutputRecord[], error: ScriptError | null, source: string, file: string): string {
  let out = '';
  for (const r of records) if (r.kind === 'warning') out += formatWarning(r, source, file);
  if (error !== null) out += formatTraceback(error, source, file);
  return out;
}

export function runScript(source: string, options: RunOptions = {}): { result: RunResult; session: RunSession } {
  const started = now();
  const limits: RunLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const maxSummary = options.maxSummaryElements ?? DEFAULT_SUMMARY_ELEMENTS;
  const maxTraces = options.maxBackwardTraces ?? 100;
  const seed = options.seed ?? 0;
  const records: OutputRecord[] = [];
  let stdout = '';
  const rawTraces: RawTrace[] = [];
  const series = new Map<string, { variable: string; line: number; values: number[] }>();
  const cuts = new WeakMap<Tensor, CutMark>();
  const nodeIds = new NodeIds();
  const session: RunSession = { lastBackward: null, variables: new Map(), nodeIds };
  let lastProgress = 0;
  const maxRecorded = options.maxRecordedOutput ?? DEFAULT_RECORDED_OUTPUT;
  let recordedText = 0;
  let recordedValues = 0;
  let recording = true;
  let keepingValues = true;
  const note = (line: number, message: string): void => {
    records.push({ kind: 'warning', line, category: 'ResourceWarning', message });
  };

  /** Keeps a record while the budget lasts; a script printing in a long loop must not fill the memory. */
  const keep = (r: OutputRecord, valueItems: number): void => {
    if (!recording) return;
    recordedText += r.kind === 'print' ? r.text.length : r.message.length;
    if (recordedText > maxRecorded) {
      recording = false;
      note(r.line, `Autograd Lab kept only the first ${records.length} outputs of this run (its output limit); later output is not in the result`);
      return;
    }
    if (r.kind === 'print') {
      stdout += r.text;
      recordedValues += valueItems;
      if (keepingValues && recordedValues > maxRecorded) {
        keepingValues = false;
        note(r.line, 'Autograd Lab keeps the printed values of this run only up to its output limit; from here on, records hold the printed text only');
      }
      if (!keepingValues) r = { ...r, values: [] };
    }
    records.push(r);
  };

  const emit = (r: OutputRecord, valueItems: number): void => {
    keep(r, valueItems);
    options.onOutput?.(r);
  };

  const interp: Interpreter = new Interpreter(limits, {
    print(line, text, values) {
      if (!recording && options.onOutput === undefined) return;
      const items = tensorElements(values);
      // The JSON of a big tensor is costly: build it only for a listener or a record that keeps it.
      const wanted = options.onOutput !== undefined || (keepingValues && recordedValues + items <= maxRecorded);
      emit({ kind: 'print', line, text, values: wanted ? values.map((v) => jsonValue(v, interp.printer)) : [] }, items);
    },
    warning(line, category, message) {
      emit({ kind: 'warning', line, category, message }, 0);
    },
    backward(root, gradient, retainGraph, line) {
      const steps: RawStep[] = [];
      const rn = rootNode(root);
      const leaves = rn === null ? [] : reachableLeaves(rn).map((t) => ({ name: variableNames(interp.globals, t) ?? '?', tensor: t }));
      let capture: BackwardCapture | null = null;
      try {
        capture = captureBackward({ root, gradient, leaves });
      } catch {
        // The analysis is optional: a script's own backward() must never fail because of it.
        capture = null;
      }
      backward(root, gradient, {
        retainGraph,
        // Gradients may be summed into in place later: keep copies; summaries (with reprs) come at the end.
        onStep: (s) => steps.push({ node: nodeIds.of(s.node), name: s.node.name, gradIn: copyOf(s.gradIn), gradsOut: s.gradsOut.map((g) => (g === null ? null : copyOf(g))) }),
      });
      capture?.complete();
      const trace: RawTrace = { line, root: variableNames(interp.globals, root), steps };
      if (rawTraces.length < maxTraces) rawTraces.push(trace);
      else rawTraces[rawTraces.length - 1] = trace;
      session.lastBackward = { root, gradient, line, leaves, capture };
    },
    loopIteration(info) {
      for (const [name, value] of info.values) {
        const key = `${info.line}:${name}`;
        let s = series.get(key);
        if (s === undefined) {
          s = { variable: name, line: info.line, values: [] };
          series.set(key, s);
        }
        if (s.values.length < MAX_SERIES_POINTS) s.values.push(value);
      }
      if (options.onProgress) {
        const t = now();
        const last = info.total !== null && info.iteration === info.total;
        if (last || t - lastProgress >= (options.progressIntervalMs ?? 100)) {
          lastProgress = t;
          options.onProgress({ line: info.line, iteration: info.iteration, total: info.total });
        }
      }
    },
    cut(t, reason, line) {
      if (!cuts.has(t)) cuts.set(t, { reason, line });
    },
    shouldCancel: options.shouldCancel,
  });

  const gradModeBefore = isGradEnabled();
  const tracingBefore = isTracing();
  let error: ScriptError | null = null;
  setGradEnabled(true);
  setTracing(true);
  manualSeed(seed);
  try {
    if (source.length > limits.maxSourceLength) {
      throw new PyError('LimitExceeded', `Autograd Lab refuses a script of ${source.length} characters (the limit is ${limits.maxSourceLength} characters)`, { line: 1, col: 1 });
    }
    const module = parse(source, { maxLength: limits.maxSourceLength });
    checkIntLiterals(module, source);
    interp.run(module);
  } catch (e) {
    const traceback = interp.tracebackOf(e);
    // Raised inside a function: the line is in that function, not the caller's line where the run now stands.
    const innermost = traceback === null ? interp.line : traceback[traceback.length - 1].line;
    error = toScriptError(e, innermost || null);
    if (traceback !== null && error.type !== 'SyntaxError') error = { ...error, traceback };
  } finally {
    setGradEnabled(gradModeBefore);
    setTracing(tracingBefore);
  }
  const variables: VariableInfo[] = [];
  const tensorVars: [string, Tensor][] = [];
  for (const [name, v] of interp.globals) {
    session.variables.set(name, v);
    if (v instanceof PyModule || v instanceof PyCallable || v instanceof PyGradMode) continue;
    const info = variableInfo(name, v, interp, nodeIds, maxSummary, options.maxReprChars ?? DEFAULT_REPR_CHARS);
    variables.push(info);
    if (isTensorValue(v)) tensorVars.push([name, v]);
  }
  const graph = extractGraph(tensorVars.filter(([, t]) => t.requiresGrad || cuts.has(t)), nodeIds, cuts);
  const loopSeries: LoopSeries[] = [...series.values()];
  const result: RunResult = {
    ok: error === null,
    stdout,
    stderr: stderrFor(records, error, source, options.fileName ?? '<script>'),
    records,
    error,
    variables,
    graph,
    backwards: rawTraces.map((t) => summarizeTrace(t, maxSummary)),
    series: loopSeries,
    seed,
    statements: interp.statements,
    durationMs: now() - started,
  };
  return { result, session };
}

/**
 * CPython 3.11 refuses a decimal int literal of more than 4300 digits when it
 * compiles the file, before anything runs. The parser keeps only the value,
 * so the literal's text is read back from the source to tell decimal from hex.
 */
function checkIntLiterals(module: ast.Module, source: string): void {
  let lines: string[] | null = null;
  const stack: ast.Node[] = [module];
  while (stack.length > 0) {
    const n = stack.pop() as ast.Node;
    if (n.kind === 'Int' && n.digits.length > INT_MAX_STR_DIGITS) {
      lines ??= normalizeSource(source).split('\n');
      const token = /^[0-9_a-zA-Z]*/.exec([...(lines[n.line - 1] ?? '')].slice(n.col - 1).join(''))?.[0] ?? '';
      const digits = token.replace(/_/g, '').length;
      if (!/^0[xXoObB]/.test(token) && digits > INT_MAX_STR_DIGITS) {
        throw new ScriptSyntaxError(
          `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits; ` +
            'use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.',
          { line: n.line, col: n.col },
        );
      }
    }
    for (const c of childNodes(n)) stack.push(c);
  }
}

function variableInfo(name: string, v: PyValue, interp: Interpreter, ids: NodeIds, maxSummary: number, maxRepr: number): VariableInfo {
  const repr = interp.printer.reprForDisplay(v, maxRepr);
  if (isTensorValue(v)) {
    const node = rootNode(v);
    return {
      name,
      kind: 'tensor',
      repr,
      tensor: summarize(v, maxSummary),
      grad: v.grad === null ? null : summarize(v.grad, maxSummary),
      node: node === null ? null : ids.of(node),
    };
  }
  const kind: VariableInfo['kind'] = v === null ? 'none'
    : typeof v === 'boolean' ? 'bool'
    : typeof v === 'bigint' || typeof v === 'number' ? 'number'
    : typeof v === 'string' ? 'string' : 'other';
  return { name, kind, repr, tensor: null, grad: null, node: null };
}
