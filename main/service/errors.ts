// Every failure leaves the service as a LabError `{type, message, line?}`.

import { ConflictError, StoreError } from '../store/index';
import type { StoreErrorCode } from '../store/index';
import type { LabError, LabErrorType } from '../../core/contract/lab_api';

/** A failure the service raises on purpose, already in the contract's terms. */
export class LabFailure extends Error {
  override readonly name = 'LabFailure';
  readonly labError: LabError;
  constructor(labError: LabError) {
    super(labError.message);
    this.labError = labError;
  }
}

export function labFailure(type: LabErrorType, message: string, extra: Omit<LabError, 'type' | 'message'> = {}): LabFailure {
  return new LabFailure({ type, message, ...extra });
}

const STORE_CODE_TO_TYPE: Record<StoreErrorCode, LabErrorType> = {
  conflict: 'ConflictError',
  not_found: 'NotFound',
  in_trash: 'InTrash',
  not_in_trash: 'NotInTrash',
  invalid_input: 'InvalidRequest',
  invalid_import: 'ImportError',
  too_large: 'TooLarge',
  newer_schema: 'DatabaseError',
  locked: 'DatabaseError',
  read_only: 'DatabaseError',
  migration_failed: 'DatabaseError',
  io: 'DatabaseError',
};

export function toLabError(e: unknown): LabError {
  if (e instanceof LabFailure) return e.labError;
  if (e instanceof ConflictError) return { type: 'ConflictError', message: e.message, currentRevision: e.currentRevision };
  if (e instanceof StoreError) return { type: STORE_CODE_TO_TYPE[e.code] ?? 'DatabaseError', message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { type: 'InternalError', message: `Internal error: ${message}` };
}
