/**
 * The Lab API: every method the renderer can call, with request and response
 * schemas. Both transports (Electron IPC on channel `lab:<method>`, HTTP on
 * `POST /api/<method>`) validate requests against this file; tests validate
 * responses against it. Responses travel as an envelope
 * `{ok: true, value} | {ok: false, error: {type, message, line?}}`, never as
 * raw exceptions.
 *
 * Field names are camelCase here; the store's snake_case stays behind the service.
 */
import { z } from 'zod';
import type {
  BackwardStep,
  BackwardTrace,
  GraphCut,
  GraphData,
  GraphEdge,
  GraphNode,
  JsonValue,
  LoopSeries,
  OutputRecord,
  RunResult,
  ScriptError,
  TensorSummary,
  VariableInfo,
} from '../run/run_result';
import type { LeafAnalysis } from '../symbolic/index';

// zod compiles parsers with `new Function` when it may; the renderer's CSP has
// no 'unsafe-eval', and even zod's guarded probe is reported as a violation.
z.config({ jitless: true });

// ── limits ─────────────────────────────────────────────────────────────────

export const API_LIMITS = {
  /** Longest script `run` accepts (characters). */
  runScriptChars: 200_000,
  /** Longest script an experiment may hold; the store's own cap. */
  scriptChars: 1_000_000,
  nameChars: 200,
  notesChars: 100_000,
  /** Largest `.autograd-lab.json` text `importExperiments` accepts (characters). */
  importChars: 8 * 1024 * 1024,
  listLimitMax: 1_000,
} as const;

// ── errors ─────────────────────────────────────────────────────────────────

export const LAB_ERROR_TYPES = [
  'InvalidRequest', // the request does not match this contract; message names the field
  'UnknownMethod',
  'Unauthorized', // HTTP: missing or wrong token
  'Forbidden', // transport refused the caller (wrong IPC sender, foreign Host header)
  'ConnectionError', // the client could not reach the service
  'NotFound',
  'ConflictError', // save against a stale revision; `currentRevision` is set
  'InTrash',
  'NotInTrash',
  'ImportError',
  'TooLarge',
  'DatabaseError', // locked, read-only, newer schema, disk full...
  'TimeoutError', // the run exceeded the time limit; the worker was replaced
  'Cancelled', // the run was cancelled; the worker was replaced
  'MemoryLimitError', // the run exceeded the memory limit; the worker was replaced
  'WorkerCrashed', // the worker died for another reason; it was replaced
  'RunInProgress', // a run with this runId is already running
  'InternalError',
] as const;
export type LabErrorType = (typeof LAB_ERROR_TYPES)[number];

export const labErrorSchema = z.object({
  type: z.enum(LAB_ERROR_TYPES),
  message: z.string(),
  /** Script line the error refers to (e.g. where a timed-out run was). */
  line: z.number().int().optional(),
  /** ConflictError only: the stored revision to reload. */
  currentRevision: z.number().int().optional(),
});
export type LabError = z.infer<typeof labErrorSchema>;

export function envelopeSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: labErrorSchema })]);
}
export type LabEnvelope<T> = { ok: true; value: T } | { ok: false; error: LabError };

// ── run results (produced by our own interpreter; validated in tests) ─────

/** Any JS number: tensor values may be NaN or ±Infinity (zod's z.number() refuses those). */
const anyNumber = z.custom<number>((v) => typeof v === 'number', 'expected a number');
const shape = z.array(z.number().int().nonnegative());
const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), anyNumber, z.string(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]),
);

const tensorSummarySchema: z.ZodType<TensorSummary> = z.looseObject({
  shape,
  dtype: z.enum(['float32', 'float64', 'int64', 'bool']),
  values: z.array(anyNumber).nullable(),
  repr: z.string(),
  requiresGrad: z.boolean(),
  isLeaf: z.boolean(),
  gradFn: z.string().nullable(),
});
const outputRecordSchema: z.ZodType<OutputRecord> = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('print'), line: z.number().int(), text: z.string(), values: z.array(jsonValueSchema) }),
  z.looseObject({ kind: z.literal('warning'), line: z.number().int(), category: z.string(), message: z.string() }),
]);
const scriptErrorSchema: z.ZodType<ScriptError> = z.looseObject({
  type: z.string(),
  message: z.string(),
  line: z.number().int().nullable(),
  col: z.number().int().nullable(),
});
const variableInfoSchema: z.ZodType<VariableInfo> = z.looseObject({
  name: z.string(),
  kind: z.enum(['tensor', 'number', 'bool', 'string', 'none', 'other']),
  repr: z.string(),
  tensor: tensorSummarySchema.nullable(),
  grad: tensorSummarySchema.nullable(),
  node: z.string().nullable(),
});
const graphNodeSchema: z.ZodType<GraphNode> = z.looseObject({ id: z.string(), name: z.string(), variable: z.string().nullable(), shape });
const graphEdgeSchema: z.ZodType<GraphEdge> = z.looseObject({ from: z.string(), to: z.string(), inputNr: z.number().int(), shape });
const graphCutSchema: z.ZodType<GraphCut> = z.looseObject({ variable: z.string(), reason: z.enum(['detach', 'no_grad']), line: z.number().int() });
const graphDataSchema: z.ZodType<GraphData> = z.looseObject({
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
  cuts: z.array(graphCutSchema),
});
const backwardStepSchema: z.ZodType<BackwardStep> = z.looseObject({
  node: z.string(),
  name: z.string(),
  gradIn: tensorSummarySchema,
  gradsOut: z.array(tensorSummarySchema.nullable()),
});
const backwardTraceSchema: z.ZodType<BackwardTrace> = z.looseObject({
  line: z.number().int(),
  root: z.string().nullable(),
  steps: z.array(backwardStepSchema),
});
const loopSeriesSchema: z.ZodType<LoopSeries> = z.looseObject({ variable: z.string(), line: z.number().int(), values: z.array(anyNumber) });

export const runResultSchema: z.ZodType<RunResult> = z.looseObject({
  ok: z.boolean(),
  stdout: z.string(),
  stderr: z.string(),
  records: z.array(outputRecordSchema),
  error: scriptErrorSchema.nullable(),
  variables: z.array(variableInfoSchema),
  graph: graphDataSchema,
  backwards: z.array(backwardTraceSchema),
  series: z.array(loopSeriesSchema),
  seed: z.number(),
  statements: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
});

/**
 * One leaf's analytic-vs-autograd-vs-numeric comparison (core/symbolic). The
 * fields a UI branches on are checked; chart data and error details pass through.
 */
export type { LeafAnalysis };
const nullableNumbers = z.array(anyNumber).nullable();
export const leafAnalysisSchema = z.looseObject({
  leaf: z.string(),
  root: z.string(),
  shape,
  dtype: z.enum(['float32', 'float64', 'int64', 'bool']),
  formula: z.string().nullable(),
  latex: z.string().nullable(),
  equation: z.string().nullable(),
  expression: z.string().nullable(),
  values: z.array(anyNumber),
  autograd: z.array(anyNumber),
  analytic: nullableNumbers,
  numeric: nullableNumbers,
  maxAbsError: anyNumber,
  maxRelError: anyNumber,
  agree: z.boolean(),
  reason: z.string().nullable(),
  mismatches: z.array(z.unknown()),
  chart: z.looseObject({}),
}) as unknown as z.ZodType<LeafAnalysis>;

// ── experiments ────────────────────────────────────────────────────────────

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 letters, digits, "-" or "_"');
const nameSchema = z
  .string()
  .max(API_LIMITS.nameChars, `must be at most ${API_LIMITS.nameChars} characters`)
  .refine((s) => s.trim().length > 0, 'must not be empty');
const notesSchema = z.string().max(API_LIMITS.notesChars, `must be at most ${API_LIMITS.notesChars} characters`);
const scriptSchema = z.string().max(API_LIMITS.scriptChars, `must be at most ${API_LIMITS.scriptChars} characters`);
/** Seeds stay within JS's exact integers so they round-trip through JSON. */
const seedSchema = z
  .number()
  .int('must be an integer')
  .refine((n) => Number.isSafeInteger(n), 'must be a safe integer (|seed| < 2^53)')
  .nullable();
const revisionSchema = z.number().int().min(1);
const isoTime = z.string();

/** The UI's builder state: opaque here except for the `version` the UI migrates by. */
export const builderStateSchema = z.looseObject({ version: z.number().int().nonnegative() });
export type BuilderState = z.infer<typeof builderStateSchema>;

/** A saved run snapshot: any JSON (the store keeps it opaque). */
const lastResultSchema = z.unknown();

export const experimentSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  revision: revisionSchema,
  seed: z.number().int().nullable(),
  engineVersion: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Set while the experiment is in the trash. */
  deletedAt: isoTime.nullable(),
});
export type ExperimentSummary = z.infer<typeof experimentSummarySchema>;

export const experimentSchema = experimentSummarySchema.extend({
  notes: z.string(),
  script: z.string(),
  builderState: builderStateSchema.nullable(),
  /** The last run's snapshot for this revision, or null. */
  lastResult: lastResultSchema,
});
export type Experiment = z.infer<typeof experimentSchema>;

export const revisionSummarySchema = z.object({
  revision: revisionSchema,
  savedAt: isoTime,
  name: z.string(),
  seed: z.number().int().nullable(),
  engineVersion: z.string().nullable(),
});
export type RevisionSummary = z.infer<typeof revisionSummarySchema>;

export const revisionDetailSchema = revisionSummarySchema.extend({
  notes: z.string(),
  script: z.string(),
  builderState: builderStateSchema.nullable(),
});
export type RevisionDetail = z.infer<typeof revisionDetailSchema>;

// ── runs ───────────────────────────────────────────────────────────────────

/** Chosen by the caller (e.g. crypto.randomUUID()) so it can cancel or poll before the run returns. */
const runIdSchema = z.string().min(1).max(100);

export const runProgressSchema = z.object({
  state: z.enum(['running', 'done', 'idle']),
  line: z.number().int().optional(),
  iteration: z.number().int().optional(),
  total: z.number().int().optional(),
  elapsedMs: z.number().nonnegative().optional(),
});
export type RunProgress = z.infer<typeof runProgressSchema>;

/** Pushed by the Electron shell on LAB_EVENT_CHANNELS.progress while a run loops. */
export const runProgressEventSchema = z.object({
  runId: runIdSchema,
  line: z.number().int(),
  iteration: z.number().int(),
  total: z.number().int().nullable(),
  elapsedMs: z.number().nonnegative(),
});
export type RunProgressEvent = z.infer<typeof runProgressEventSchema>;

// ── the method map ─────────────────────────────────────────────────────────

const empty = z.object({});

export const labApi = {
  appInfo: {
    request: empty,
    response: z.object({
      version: z.string(),
      engineVersion: z.string(),
      edition: z.enum(['electron', 'browser']),
      dbPath: z.string(),
      /** Something the user must be told once (e.g. a corrupt database was moved aside), or null. */
      notice: z.string().nullable(),
      limits: z.object({ runTimeMs: z.number().int().positive(), runMemoryMb: z.number().int().positive(), runScriptChars: z.number().int() }),
    }),
  },
  run: {
    request: z.object({
      script: z.string().max(API_LIMITS.runScriptChars, `must be at most ${API_LIMITS.runScriptChars} characters`),
      /** Seed of the default generator; null or absent: 0, so unseeded scripts repeat exactly. result.seed reports it. */
      seed: seedSchema.optional(),
      runId: runIdSchema,
    }),
    response: z.object({
      result: runResultSchema,
      /** Per-leaf comparison for the last backward(), or null when there was none. */
      analysis: z.array(leafAnalysisSchema).nullable(),
    }),
  },
  cancel: {
    request: z.object({ runId: runIdSchema }),
    /** False when no run with this id was running. */
    response: z.object({ cancelled: z.boolean() }),
  },
  progress: {
    request: z.object({ runId: runIdSchema }),
    response: runProgressSchema,
  },
  listExperiments: {
    request: z.object({
      /** Full-text search over name, notes and script; each word matches as a prefix. */
      search: z.string().max(1000).optional(),
      limit: z.number().int().min(1).max(API_LIMITS.listLimitMax).optional(),
      offset: z.number().int().min(0).optional(),
      /** List the trash instead of live experiments. */
      trash: z.boolean().optional(),
    }),
    response: z.object({ experiments: z.array(experimentSummarySchema), total: z.number().int().nonnegative() }),
  },
  getExperiment: {
    request: z.object({ id: idSchema }),
    response: experimentSchema,
  },
  createExperiment: {
    request: z.object({
      name: nameSchema,
      script: scriptSchema.optional(),
      notes: notesSchema.optional(),
      builderState: builderStateSchema.nullable().optional(),
      seed: seedSchema.optional(),
      lastResult: lastResultSchema.optional(),
    }),
    response: experimentSchema,
  },
  saveExperiment: {
    request: z.object({
      id: idSchema,
      /** The revision the caller edited; a different stored revision is a ConflictError. */
      expectedRevision: revisionSchema,
      name: nameSchema.optional(),
      notes: notesSchema.optional(),
      script: scriptSchema,
      builderState: builderStateSchema.nullable(),
      seed: seedSchema,
      /** The run result for this content; omitted: a changed script/state/seed drops the old one. */
      lastResult: lastResultSchema.optional(),
    }),
    response: z.object({ revision: revisionSchema, updatedAt: isoTime }),
  },
  renameExperiment: {
    request: z.object({ id: idSchema, name: nameSchema, expectedRevision: revisionSchema.optional() }),
    response: experimentSummarySchema,
  },
  duplicateExperiment: {
    request: z.object({ id: idSchema, name: nameSchema.optional() }),
    response: experimentSummarySchema,
  },
  deleteExperiment: {
    request: z.object({ id: idSchema }),
    response: experimentSummarySchema,
  },
  restoreExperiment: {
    request: z.object({ id: idSchema }),
    response: experimentSummarySchema,
  },
  purgeExperiment: {
    /** Only experiments in the trash can be purged. */
    request: z.object({ id: idSchema }),
    response: z.object({ id: idSchema }),
  },
  listRevisions: {
    request: z.object({ id: idSchema }),
    /** Newest first. */
    response: z.object({ revisions: z.array(revisionSummarySchema) }),
  },
  getRevision: {
    request: z.object({ id: idSchema, revision: revisionSchema }),
    response: revisionDetailSchema,
  },
  restoreRevision: {
    /** Saves revision `revision`'s content again as the newest revision. */
    request: z.object({ id: idSchema, revision: revisionSchema, expectedRevision: revisionSchema.optional() }),
    response: experimentSummarySchema,
  },
  exportExperiments: {
    /** Absent ids: every live experiment. */
    request: z.object({ ids: z.array(idSchema).max(10_000).optional() }),
    response: z.object({ fileName: z.string(), content: z.string(), exported: z.number().int().nonnegative() }),
  },
  importExperiments: {
    request: z.object({ content: z.string().max(API_LIMITS.importChars, `must be at most ${API_LIMITS.importChars} characters`) }),
    response: z.object({
      imported: z.number().int().nonnegative(),
      ids: z.array(idSchema),
      /** Experiments whose id was taken and got a new one. */
      renamed: z.array(z.object({ from: z.string(), to: z.string() })),
    }),
  },
} as const;

export type LabMethod = keyof typeof labApi;
export const LAB_METHODS = Object.keys(labApi) as LabMethod[];
/** Request as the caller writes it (optional fields may be omitted). */
export type LabRequest<M extends LabMethod> = z.input<(typeof labApi)[M]['request']>;
/** Request after validation (what the service receives). */
export type LabParsedRequest<M extends LabMethod> = z.output<(typeof labApi)[M]['request']>;
export type LabResponse<M extends LabMethod> = z.output<(typeof labApi)[M]['response']>;

/** The API as a caller sees it: a rejected promise carries a LabCallError. */
export type LabApi = { [M in LabMethod]: (request: LabRequest<M>) => Promise<LabResponse<M>> };
/** The API as a transport carries it (the preload's `window.lab`): envelopes, never throws. */
export type LabBridge = { [M in LabMethod]: (request: LabRequest<M>) => Promise<LabEnvelope<LabResponse<M>>> };
/** What the service implements: parsed requests in, plain values out (throws on failure). */
export type LabHandlers = { [M in LabMethod]: (request: LabParsedRequest<M>) => Promise<LabResponse<M>> };

// ── channels ───────────────────────────────────────────────────────────────

export const LAB_CHANNEL_PREFIX = 'lab:';
export function labChannel(method: LabMethod): `lab:${LabMethod}` {
  return `lab:${method}`;
}
export const LAB_CHANNELS: readonly string[] = LAB_METHODS.map(labChannel);
/** Main → renderer pushes (Electron only; the browser edition polls `progress`). */
export const LAB_EVENT_CHANNELS = { progress: 'lab:event:progress' } as const;

export function isLabMethod(name: string): name is LabMethod {
  return Object.prototype.hasOwnProperty.call(labApi, name);
}

// ── request validation, shared by both transports ─────────────────────────

/** Human-readable zod issues naming each field: `script: must be at most 200000 characters`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(request)'}: ${issue.message}`)
    .join('; ');
}

export function parseLabRequest<M extends LabMethod>(
  method: M,
  payload: unknown,
): { ok: true; value: LabParsedRequest<M> } | { ok: false; error: LabError } {
  const parsed = labApi[method].request.safeParse(payload ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as LabParsedRequest<M> };
  return { ok: false, error: { type: 'InvalidRequest', message: `Invalid ${method} request: ${describeIssues(parsed.error)}` } };
}

/** An error envelope's error, thrown by LabApi clients. */
export class LabCallError extends Error {
  override readonly name = 'LabCallError';
  readonly type: LabErrorType;
  readonly line: number | undefined;
  readonly currentRevision: number | undefined;
  constructor(error: LabError) {
    super(error.message);
    this.type = error.type;
    this.line = error.line;
    this.currentRevision = error.currentRevision;
  }
}
