/**
 * Exceptions a script can raise, carrying Python's class name and wording.
 * The interpreter attaches the line of the statement that raised it.
 */
import type { Span } from '../ast';

export class PyError extends Error {
  readonly pyType: string;
  line: number | null;
  col: number | null;

  constructor(pyType: string, message: string, at: { line: number; col: number } | null = null) {
    super(message);
    this.name = pyType;
    this.pyType = pyType;
    this.line = at?.line ?? null;
    this.col = at?.col ?? null;
  }
}

export const typeError = (message: string): PyError => new PyError('TypeError', message);
export const valueError = (message: string): PyError => new PyError('ValueError', message);
export const nameError = (name: string): PyError => new PyError('NameError', `name '${name}' is not defined`);
export const attributeError = (message: string): PyError => new PyError('AttributeError', message);
export const indexError = (message: string): PyError => new PyError('IndexError', message);
export const zeroDivision = (message: string): PyError => new PyError('ZeroDivisionError', message);
export const overflowError = (message: string): PyError => new PyError('OverflowError', message);

/**
 * Valid Python outside the lab's subset. Same type and wording as the
 * parser's ScriptNotSupportedError, so every "not supported" reads alike.
 */
export function unsupported(construct: string, at: Span | { line: number; col: number }): PyError {
  return new PyError(
    'NotImplementedError',
    `Autograd Lab does not support '${construct}' (line ${at.line}, column ${at.col})`,
    at,
  );
}

/** A run stopped by a limit (statements, time, memory) or by the app. */
export class RunStopped extends PyError {
  constructor(pyType: 'LimitExceeded' | 'Cancelled', message: string) {
    super(pyType, message);
  }
}
