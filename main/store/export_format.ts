// The `.autograd-lab.json` exchange file. Version 1 carries, per experiment,
// its current content, the last run's result snapshot and its full revision
// history, so an export is a complete backup. Unknown keys are rejected rather
// than dropped: a file we do not fully understand is not silently half-imported.

import { z } from 'zod';
import { LIMITS } from './limits';
import {
  builderStateSchema,
  engineVersionSchema,
  idSchema,
  isoTimeSchema,
  nameSchema,
  notesSchema,
  revisionNumberSchema,
  scriptSchema,
  seedSchema,
} from './schemas';
import { findUnsafeJson, formatBytes, formatPath, serializeJson, utf8Bytes } from './json_safety';

export const EXPORT_FORMAT = 'autograd-lab';
export const EXPORT_FORMAT_VERSION = 1;
export const EXPORT_FILE_EXTENSION = '.autograd-lab.json';

export const exportedRevisionSchema = z.strictObject({
  revision: revisionNumberSchema,
  saved_at: isoTimeSchema,
  name: nameSchema,
  notes: notesSchema,
  script: scriptSchema,
  builder_state: builderStateSchema,
  seed: seedSchema,
  engine_version: engineVersionSchema,
});

export const exportedExperimentSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  notes: notesSchema,
  script: scriptSchema,
  builder_state: builderStateSchema,
  seed: seedSchema,
  engine_version: engineVersionSchema,
  created_at: isoTimeSchema,
  updated_at: isoTimeSchema,
  revision: revisionNumberSchema,
  /** Opaque to the store; null when the experiment was never run. */
  last_result: z.unknown().nullable(),
  revisions: z.array(exportedRevisionSchema).max(LIMITS.revisionsPerExperiment),
});

export const exportFileSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  format_version: z.literal(EXPORT_FORMAT_VERSION),
  exported_at: isoTimeSchema,
  app_version: z.string().max(100).optional(),
  experiments: z.array(exportedExperimentSchema).max(LIMITS.importExperiments),
});

export type ExportedRevision = z.infer<typeof exportedRevisionSchema>;
export type ExportedExperiment = z.infer<typeof exportedExperimentSchema>;
export type ExportFile = z.infer<typeof exportFileSchema>;

export type ParseResult = { ok: true; file: ExportFile } | { ok: false; issues: string[] };

/**
 * Validate an already JSON-parsed value as an export file. Every problem is
 * reported with the JSON path where it was found.
 */
export function parseExportFile(data: unknown): ParseResult {
  const unsafe = findUnsafeJson(data);
  if (unsafe.length > 0) return { ok: false, issues: unsafe };

  // Say plainly when the file is from a newer app, instead of a literal mismatch.
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const v = (data as Record<string, unknown>).format_version;
    if (typeof v === 'number' && v > EXPORT_FORMAT_VERSION) {
      return { ok: false, issues: [`format_version: ${v} is newer than this app understands (${EXPORT_FORMAT_VERSION}); update Autograd Lab to import it`] };
    }
  }

  const parsed = exportFileSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`) };
  }

  const issues: string[] = [];
  parsed.data.experiments.forEach((exp, i) => {
    const at = (field: string) => `experiments[${i}].${field}`;
    checkJsonSize(exp.builder_state, at('builder_state'), LIMITS.builderStateBytes, issues);
    checkJsonSize(exp.last_result, at('last_result'), LIMITS.lastResultBytes, issues);
    const seen = new Set<number>();
    exp.revisions.forEach((r, j) => {
      if (seen.has(r.revision)) issues.push(`${at(`revisions[${j}].revision`)}: revision ${r.revision} appears twice`);
      seen.add(r.revision);
      if (r.revision > exp.revision) issues.push(`${at(`revisions[${j}].revision`)}: ${r.revision} is above the experiment's revision ${exp.revision}`);
      checkJsonSize(r.builder_state, at(`revisions[${j}].builder_state`), LIMITS.builderStateBytes, issues);
    });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, file: parsed.data };
}

function checkJsonSize(value: unknown, where: string, maxBytes: number, issues: string[]): void {
  if (value === null || value === undefined) return;
  const s = serializeJson(value);
  if (!s.ok) issues.push(`${where}: ${s.error}`);
  else if (utf8Bytes(s.text) > maxBytes) issues.push(`${where}: is ${formatBytes(utf8Bytes(s.text))}, the limit is ${formatBytes(maxBytes)}`);
}
