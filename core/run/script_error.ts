/**
 * Turns anything a run can throw into the Python exception a learner sees.
 * Nothing escapes as a JS crash: unknown errors become a SystemError that
 * says so, and stack exhaustion a RecursionError.
 */
import { TorchError } from '../index';
import { PyFormatError, UnsupportedFormatSpecError } from '../print/index';
import { PyError } from '../script/interpreter/errors';
import { ScriptNotSupportedError, ScriptSyntaxError } from '../script/syntax_error';
import type { ScriptError } from './run_result';

export function toScriptError(e: unknown, currentLine: number | null): ScriptError {
  if (e instanceof ScriptSyntaxError) return { type: e.pythonType, message: e.message, line: e.line, col: e.col };
  if (e instanceof ScriptNotSupportedError) return { type: e.pythonType, message: e.message, line: e.line, col: e.col };
  if (e instanceof PyError) return { type: e.pyType, message: e.message, line: e.line ?? currentLine, col: e.col };
  if (e instanceof TorchError) return { type: e.pyType, message: e.message, line: currentLine, col: null };
  if (e instanceof PyFormatError) return { type: e.pyType, message: e.message, line: currentLine, col: null };
  if (e instanceof UnsupportedFormatSpecError) return { type: 'NotImplementedError', message: e.message, line: currentLine, col: null };
  if (e instanceof RangeError) {
    if (/call stack/i.test(e.message)) {
      return { type: 'RecursionError', message: 'maximum recursion depth exceeded', line: currentLine, col: null };
    }
    return { type: 'MemoryError', message: `Autograd Lab ran out of memory (${e.message})`, line: currentLine, col: null };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { type: 'SystemError', message: `internal error in Autograd Lab: ${message}`, line: currentLine, col: null };
}
