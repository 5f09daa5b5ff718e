/** Unsaved edits kept in localStorage per experiment, so a crash or reload loses nothing. */
import type { DocContent } from './document.svelte';

const PREFIX = 'autograd-lab.draft.';

export interface Draft {
  revision: number;
  savedAt: string;
  content: DocContent;
}

export function readDraft(id: string): Draft | null {
  try {
    const raw = localStorage.getItem(PREFIX + id);
    if (!raw) return null;
    const draft = JSON.parse(raw) as Draft;
    return typeof draft?.revision === 'number' && draft.content ? draft : null;
  } catch {
    return null;
  }
}

export function writeDraft(id: string, revision: number, content: DocContent): void {
  try {
    localStorage.setItem(PREFIX + id, JSON.stringify({ revision, savedAt: new Date().toISOString(), content } satisfies Draft));
  } catch {
    // Storage full or disabled: the unsaved-changes prompt still protects the edits.
  }
}

export function dropDraft(id: string): void {
  try {
    localStorage.removeItem(PREFIX + id);
  } catch {
    // nothing to drop
  }
}

export function draftIds(): string[] {
  const ids: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(PREFIX)) ids.push(key.slice(PREFIX.length));
  }
  return ids;
}
