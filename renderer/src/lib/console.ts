/**
 * The console as the CLI prints it. stdout is the prints in order; stderr
 * carries warnings (`UserWarning: message`) and, for an uncaught error, the
 * lines pointing at the script and the final `Type: message`. Warnings are
 * interleaved with prints at the point they happened; the error comes last.
 */
import type { RunResult } from '../api/types';

export interface ConsoleChunk {
  stream: 'stdout' | 'warning' | 'stderr';
  text: string;
}

export function consoleLines(result: RunResult): ConsoleChunk[] {
  const chunks: ConsoleChunk[] = [];
  const warningTexts: string[] = [];
  for (const record of result.records) {
    if (record.kind === 'print') chunks.push({ stream: 'stdout', text: record.text });
    else {
      const text = `${record.category}: ${record.message}\n`;
      warningTexts.push(text);
      chunks.push({ stream: 'warning', text });
    }
  }
  // Records may be missing (older snapshots): fall back to the raw stdout.
  if (result.records.length === 0 && result.stdout) chunks.push({ stream: 'stdout', text: result.stdout });
  let stderr = result.stderr;
  for (const w of warningTexts) stderr = stderr.replace(w, '');
  if (result.error && stderr.trim() === '') {
    stderr = `${result.error.type}: ${result.error.message}\n`;
  }
  if (stderr.trim() !== '') chunks.push({ stream: 'stderr', text: stderr.endsWith('\n') ? stderr : stderr + '\n' });
  return chunks;
}
