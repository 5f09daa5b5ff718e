/**
 * Exceptions a script can raise, carrying Python's class name and wording.
 * The interpreter attaches the line of the statement that raised it.
 */
import type { Span } from '../ast';
import { TorchError } from '../../index';
import { UnsupportedFormatSpecError } from '../../print/index';

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

/**
 * Valid Python outside the subset, found where its position is not at hand
 * (inside a builtin or a tensor method). The interpreter adds the line and
 * column of the expression it was evaluating (see `positioned`). `detail`
 * reads on from the quoted construct: `on tensors`, `(it returns values and indices); ...`.
 */
export function notSupported(construct: string, detail = ''): PyError {
  const rest = detail === '' || /^[;,:]/.test(detail) ? detail : ` ${detail}`;
  return new PyError('NotImplementedError', `Autograd Lab does not support '${construct}'${rest}`);
}

/**
 * Gives a "not supported" error without a position the line and column of
 * `at`, the innermost expression or statement that raised it. The engine's
 * and the formatter's NotImplementedErrors get one too. Everything else
 * passes through unchanged.
 */
export function positioned(e: unknown, at: { line: number; col: number }): unknown {
  const where = ` (line ${at.line}, column ${at.col})`;
  if (e instanceof PyError) {
    if (e.pyType === 'NotImplementedError' && e.col === null) {
      e.line = at.line;
      e.col = at.col;
      e.message += where;
    }
    return e;
  }
  if ((e instanceof TorchError && e.pyType === 'NotImplementedError') || e instanceof UnsupportedFormatSpecError) {
    return new PyError('NotImplementedError', e.message + where, at);
  }
  return e;
}

/** A run stopped by a limit (statements, time, memory) or by the app. */
export class RunStopped extends PyError {
  constructor(pyType: 'LimitExceeded' | 'Cancelled', message: string) {
    super(pyType, message);
  }
}
