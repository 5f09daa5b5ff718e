// The History panel's pure helpers. The line diff is checked against GNU diff
// (`diff --minimal`, the oracle for how many lines a minimal diff removes and
// adds) on random scripts; save times against the platform's own Intl output.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LabCallError } from '../../core/contract/lab_api';
import {
  describeDiff,
  describeHistoryError,
  formatSavedAt,
  historyUnavailable,
  lineDiff,
  summaryChanges,
  DIFF_MAX_CELLS,
} from '../../renderer/src/lib/revisions';
import type { RevisionSummary } from '../../renderer/src/api/types';

function gnuDiffCounts(dir: string, before: string, after: string): { removed: number; added: number } {
  const a = path.join(dir, 'a.py');
  const b = path.join(dir, 'b.py');
  writeFileSync(a, `${before}\n`);
  writeFileSync(b, `${after}\n`);
  let out = '';
  try {
    out = execFileSync('diff', ['--minimal', a, b], { encoding: 'utf8' });
  } catch (e) {
    // diff exits 1 when the files differ.
    out = (e as { stdout: string }).stdout;
  }
  const lines = out.split('\n');
  return { removed: lines.filter((l) => l.startsWith('< ')).length, added: lines.filter((l) => l.startsWith('> ')).length };
}

describe('lineDiff', () => {
  // Few distinct lines, so scripts share lines in many orders.
  const line = fc.constantFrom('import torch', 'x = torch.ones(3)', 'y = x * 2', "print('a')", '', '    pass', 'y.sum().backward()');
  const script = fc.array(line, { maxLength: 14 }).map((lines) => lines.join('\n'));

  it('removes and adds as many lines as GNU diff --minimal, and rebuilds both sides', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-diff-'));
    try {
      fc.assert(
        fc.property(script, script, (before, after) => {
          const diff = lineDiff(before, after);
          expect(diff).not.toBeNull();
          const d = diff!;
          const keep = (kinds: string[]) => d.filter((l) => kinds.includes(l.kind)).map((l) => l.text).join('\n');
          expect(keep(['same', 'removed'])).toBe(before);
          expect(keep(['same', 'added'])).toBe(after);
          const counts = gnuDiffCounts(dir, before, after);
          expect({ removed: d.filter((l) => l.kind === 'removed').length, added: d.filter((l) => l.kind === 'added').length }).toEqual(counts);
        }),
        { numRuns: 150 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('puts removed lines before added ones within a change', () => {
    expect(lineDiff('a\nold\nz', 'a\nnew\nz')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'old' },
      { kind: 'added', text: 'new' },
      { kind: 'same', text: 'z' },
    ]);
  });

  it('gives up (null) on texts too long to compare, but not when only the ends differ', () => {
    const side = Math.ceil(Math.sqrt(DIFF_MAX_CELLS));
    const many = (tag: string) => Array.from({ length: side }, (_, i) => `${tag}${i}`).join('\n');
    expect(lineDiff(many('a'), many('b'))).toBeNull();
    const long = many('a');
    expect(describeDiff(lineDiff(long, `${long}\nextra`)!)).toBe('1 line added');
  });

  it('is described in words', () => {
    expect(describeDiff(lineDiff('a\nb', 'a\nb')!)).toBeNull();
    expect(describeDiff(lineDiff('a\nb\nc', 'a')!)).toBe('2 lines removed');
    expect(describeDiff(lineDiff('a', 'b\nc')!)).toBe('1 line removed, 2 added');
  });
});

describe('summaryChanges', () => {
  const rev = (revision: number, name: string, seed: number | null): RevisionSummary => ({
    revision,
    savedAt: `2025-03-0${revision}T10:00:00.000Z`,
    name,
    seed,
    engineVersion: null,
  });

  it('tells what each revision changed against the one before, whatever the input order', () => {
    const list = [rev(4, 'B', null), rev(3, 'B', 7), rev(2, 'B', null), rev(1, 'A', null)];
    const expected = new Map([
      [1, ['created']],
      [2, ['renamed from “A”']],
      [3, ['seed 7']],
      [4, ['seed cleared']],
    ]);
    expect(summaryChanges(list)).toEqual(expected);
    expect(summaryChanges([...list].reverse())).toEqual(expected);
  });
});

describe('formatSavedAt', () => {
  const time = (d: Date, timeStyle: 'medium' | 'short') => new Intl.DateTimeFormat('en-GB', { timeStyle }).format(d);

  it('says Today (with seconds), Yesterday, or the date, in local time', () => {
    // 1 March: yesterday is the last day of February, across the month boundary.
    const now = new Date(2024, 2, 1, 15, 0, 0);
    const today = new Date(2024, 2, 1, 9, 5, 7);
    const yesterday = new Date(2024, 1, 29, 23, 59, 0);
    const older = new Date(2023, 11, 24, 8, 30, 0);
    expect(formatSavedAt(today.toISOString(), now, 'en-GB').text).toBe(`Today ${time(today, 'medium')}`);
    expect(formatSavedAt(today.toISOString(), now, 'en-GB').text).toMatch(/^Today 09:05:07$/);
    expect(formatSavedAt(yesterday.toISOString(), now, 'en-GB').text).toBe(`Yesterday ${time(yesterday, 'short')}`);
    expect(formatSavedAt(older.toISOString(), now, 'en-GB').text).toBe(
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(older),
    );
    expect(formatSavedAt(older.toISOString(), now, 'en-GB').full).toContain('2023');
  });

  it('passes an unreadable time through unchanged', () => {
    expect(formatSavedAt('not a time')).toEqual({ text: 'not a time', full: 'not a time' });
  });
});

describe('describeHistoryError', () => {
  it('explains the API errors the panel can meet', () => {
    expect(describeHistoryError(new LabCallError({ type: 'NotFound', message: 'No experiment with id abc' }))).toBe(
      'No experiment with id abc: it may have been deleted for good in another window.',
    );
    expect(describeHistoryError(new LabCallError({ type: 'NotFound', message: 'Experiment abc has no revision 9' }))).toBe(
      'Experiment abc has no revision 9.',
    );
    expect(describeHistoryError(new LabCallError({ type: 'InTrash', message: 'Experiment abc ("x") is in the trash; restore it first' }))).toMatch(
      /moved to the trash/,
    );
    expect(describeHistoryError(new Error('plain'))).toBe('plain');
    expect(describeHistoryError('text')).toBe('text');
  });
});

describe('historyUnavailable', () => {
  it('needs an open experiment with at least two saved revisions', () => {
    expect(historyUnavailable(null)).toMatch(/Open an experiment/);
    expect(historyUnavailable({ revision: 1 })).toMatch(/No earlier revisions yet/);
    expect(historyUnavailable({ revision: 2 })).toBeNull();
  });
});
