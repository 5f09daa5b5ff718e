/**
 * What Python writes to stderr: warnings as `FILE:LINE: Category: message`
 * followed by the source line, and an uncaught error as a traceback whose
 * last line is `Type: message`.
 */
import type { ScriptError, WarningRecord } from './run_result';

function sourceLine(source: string, line: number | null): string | null {
  if (line === null) return null;
  return source.split('\n')[line - 1] ?? null;
}

export function formatWarning(w: WarningRecord, source: string, file: string): string {
  const s = sourceLine(source, w.line);
  return `${file}:${w.line}: ${w.category}: ${w.message}\n${s === null ? '' : `  ${s.trim()}\n`}`;
}

const SYNTAX_TYPES: ReadonlySet<string> = new Set(['SyntaxError', 'IndentationError', 'TabError']);

export function formatTraceback(error: ScriptError, source: string, file: string): string {
  const s = sourceLine(source, error.line);
  let out = '';
  if (SYNTAX_TYPES.has(error.type)) {
    out += `  File "${file}", line ${error.line}\n`;
    if (s !== null) {
      const indent = s.length - s.trimStart().length;
      out += `    ${s.trim()}\n`;
      if (error.col !== null) out += `    ${' '.repeat(Math.max(0, error.col - 1 - indent))}^\n`;
    }
  } else {
    out += 'Traceback (most recent call last):\n';
    if (error.line !== null) out += `  File "${file}", line ${error.line}, in <module>\n`;
    if (s !== null && s.trim() !== '') out += `    ${s.trim()}\n`;
  }
  return `${out}${error.type}: ${error.message}\n`;
}
