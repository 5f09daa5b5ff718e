// Size caps, in one place so the store, the import validator and the docs agree.
// Lengths are measured in UTF-16 code units (JS string length) except where
// noted as bytes; they are generous for the app's use and small enough that a
// hostile file cannot make the app allocate gigabytes.

export const LIMITS = {
  nameChars: 200,
  notesChars: 100_000,
  scriptChars: 1_000_000,
  engineVersionChars: 100,
  /** builder_state serialized as JSON. */
  builderStateBytes: 1_000_000,
  /** last_result serialized as JSON (outputs and chart data can be big). */
  lastResultBytes: 5 * 1024 * 1024,
  /** Whole `.autograd-lab.json` file. */
  importFileBytes: 256 * 1024 * 1024,
  importExperiments: 10_000,
  revisionsPerExperiment: 10_000,
  /** Nesting depth of any JSON value we accept (defends recursive code from stack overflow). */
  jsonDepth: 64,
  listLimitMax: 1_000,
} as const;
