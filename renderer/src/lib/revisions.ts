/**
 * Pure helpers for the History panel: readable save times, what changed
 * between neighbouring revisions, a line diff against the open document, and
 * API errors in plain words. No state and no DOM, so they are unit-tested alone.
 */
import type { RevisionSummary } from '../api/types';

/** Why History cannot open for this document, or null when it can. */
export function historyUnavailable(doc: { revision: number } | null): string | null {
  if (!doc) return 'Open an experiment to see its history.';
  if (doc.revision <= 1) return 'No earlier revisions yet: each save adds one to the history.';
  return null;
}

// ── save times ─────────────────────────────────────────────────────────────

export interface SavedAt {
  /** Short: "Today 14:03:21", "Yesterday 09:12", "3 Mar 2025, 14:03". */
  text: string;
  /** Everything, with the time zone, for a tooltip. */
  full: string;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** A save time in the user's local time zone; seconds only for today, where saves can be close together. */
export function formatSavedAt(iso: string, now: Date = new Date(), locale?: string): SavedAt {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { text: iso, full: iso };
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long' }).format(date);
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  let text: string;
  if (sameDay(date, now)) text = `Today ${new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(date)}`;
  else if (sameDay(date, yesterday)) text = `Yesterday ${new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(date)}`;
  else text = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  return { text, full };
}

// ── what each revision changed ─────────────────────────────────────────────

/**
 * For each revision (listed newest first, as the API gives them), what its
 * summary says changed against the one before it. Script changes are not in
 * the summary, so only the name and seed can be told apart here.
 */
export function summaryChanges(newestFirst: readonly RevisionSummary[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const oldestFirst = [...newestFirst].sort((a, b) => a.revision - b.revision);
  oldestFirst.forEach((rev, i) => {
    const before = oldestFirst[i - 1];
    const notes: string[] = [];
    if (!before) notes.push('created');
    else {
      if (before.name !== rev.name) notes.push(`renamed from “${before.name}”`);
      if (before.seed !== rev.seed) notes.push(rev.seed === null ? 'seed cleared' : `seed ${rev.seed}`);
    }
    out.set(rev.revision, notes);
  });
  return out;
}

// ── line diff ──────────────────────────────────────────────────────────────

export interface DiffLine {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** Beyond this many line pairs the table would be too large to be worth it. */
export const DIFF_MAX_CELLS = 4_000_000;

/**
 * A minimal line diff from `before` to `after` (longest common subsequence),
 * or null when the texts are too long to compare. Removed lines come before
 * added ones within a change, as `diff -u` shows them.
 */
export function lineDiff(before: string, after: string): DiffLine[] | null {
  const a = before.split('\n');
  const b = after.split('\n');
  // Common head and tail cost nothing and keep the table small.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const n = midA.length;
  const m = midB.length;
  if ((n + 1) * (m + 1) > DIFF_MAX_CELLS) return null;
  // lcs[i][j]: longest common subsequence of midA[i..] and midB[j..], row-major.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const out: DiffLine[] = a.slice(0, head).map((text) => ({ kind: 'same', text }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      out.push({ kind: 'same', text: midA[i] });
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
      out.push({ kind: 'removed', text: midA[i] });
      i++;
    } else {
      out.push({ kind: 'added', text: midB[j] });
      j++;
    }
  }
  for (const text of a.slice(a.length - tail)) out.push({ kind: 'same', text });
  return out;
}

/** "2 lines removed, 3 added", or null when nothing differs. */
export function describeDiff(diff: readonly DiffLine[]): string | null {
  const removed = diff.filter((d) => d.kind === 'removed').length;
  const added = diff.filter((d) => d.kind === 'added').length;
  if (!removed && !added) return null;
  const lines = (k: number) => `${k} line${k === 1 ? '' : 's'}`;
  if (!added) return `${lines(removed)} removed`;
  if (!removed) return `${lines(added)} added`;
  return `${lines(removed)} removed, ${added} added`;
}

// ── errors ─────────────────────────────────────────────────────────────────

/** An API failure in plain words; `type` is a LabCallError's, when there is one. */
export function describeHistoryError(error: unknown): string {
  const type = error && typeof error === 'object' && 'type' in error ? String((error as { type: unknown }).type) : null;
  const message = error instanceof Error ? error.message : String(error);
  switch (type) {
    case 'NotFound':
      return /^No experiment/.test(message) ? `${message}: it may have been deleted for good in another window.` : `${message}.`;
    case 'InTrash':
      return 'This experiment was moved to the trash (perhaps in another window). Restore it from the trash first.';
    case 'ConnectionError':
      return `The lab service cannot be reached: ${message}`;
    case 'DatabaseError':
      return `The experiment store refused: ${message}`;
    default:
      return message;
  }
}
