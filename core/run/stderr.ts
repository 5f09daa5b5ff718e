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
    const frames = error.traceback ?? (error.line === null ? [] : [{ name: '<module>', line: error.line }]);
    let previous = '';
    let repeats = 0;
    const flush = (): void => {
      const more = repeats + 1 - REPEAT_SHOWN;
      if (more > 0) out += `  [Previous line repeated ${more} more time${more === 1 ? '' : 's'}]\n`;
    };
    frames.forEach((f, i) => {
      // The innermost line is where the error is: a NotImplementedError may point inside a multi-line statement.
      const line = i === frames.length - 1 && error.line !== null ? error.line : f.line;
      const text = `  File "${file}", line ${line}, in ${f.name}\n`;
      if (text === previous) {
        repeats++;
        if (repeats >= REPEAT_SHOWN) return;
      } else {
        flush();
        previous = text;
        repeats = 0;
      }
      out += text;
      const src = sourceLine(source, line);
      if (src !== null && src.trim() !== '') out += `    ${src.trim()}\n`;
    });
    flush();
  }
  return `${out}${error.type}: ${error.message}\n`;
}

/** Python prints a frame repeated by recursion three times, then counts the rest. */
const REPEAT_SHOWN = 3;
