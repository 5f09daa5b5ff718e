// zod schemas for the fields of an experiment, shared by the store's input
// checks and the export-file format so both enforce the same limits.

import { z } from 'zod';
import { LIMITS } from './limits';

/** Ids are UUIDs when we make them; imported ids may be any short url-safe token. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 letters, digits, "-" or "_"');

export const nameSchema = z
  .string()
  .max(LIMITS.nameChars, `must be at most ${LIMITS.nameChars} characters`)
  .refine((s) => s.trim().length > 0, 'must not be empty');

export const notesSchema = z.string().max(LIMITS.notesChars, `must be at most ${LIMITS.notesChars} characters`);
export const scriptSchema = z.string().max(LIMITS.scriptChars, `must be at most ${LIMITS.scriptChars} characters`);
export const engineVersionSchema = z.string().max(LIMITS.engineVersionChars).nullable();

/** Seeds are kept within JS's exact integer range so they round-trip through JSON unchanged. */
export const seedSchema = z
  .number()
  .int('must be an integer')
  .refine((n) => Number.isSafeInteger(n), 'must be a safe integer (|seed| < 2^53)')
  .nullable();

/**
 * The UI's builder state is opaque to the store except for its `version`
 * number, which lets the UI migrate old states when it reads them.
 */
export const builderStateSchema = z.looseObject({ version: z.number().int().nonnegative() }).nullable();
export type BuilderState = z.infer<typeof builderStateSchema> & object;

/** ISO-8601 time; stored normalized to UTC `toISOString()` form so text order is time order. */
export const isoTimeSchema = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

export const revisionNumberSchema = z.number().int().min(1);
