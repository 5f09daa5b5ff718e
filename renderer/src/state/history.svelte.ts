/**
 * One experiment's saved revisions, as the History dialog shows them: the
 * list (newest first), the selected revision's content, and what the last
 * restore did. Restoring itself is the Lab's job, since it replaces the
 * open document; this class only reads.
 */
import type { LabApi } from '../api/connect';
import type { LabResponse, RevisionSummary } from '../api/types';
import { describeHistoryError } from '../lib/revisions';

export type RevisionDetail = LabResponse<'getRevision'>;

export class RevisionHistory {
  readonly id: string;
  readonly #api: LabApi;
  #revisions = $state.raw<RevisionSummary[]>([]);
  #loading = $state(false);
  #loaded = $state(false);
  #error = $state.raw<string | null>(null);
  #selected = $state<number | null>(null);
  #detail = $state.raw<RevisionDetail | null>(null);
  #detailError = $state.raw<string | null>(null);
  /** A restore is in flight (the Lab sets this). */
  restoring = $state(false);
  /** What the last restore did, or why it failed; a conflict carries the stored revision to retry against. */
  outcome = $state.raw<{ text: string; tone: 'info' | 'error'; conflictWith?: number } | null>(null);
  // Saved revisions never change, so their content is fetched once; not reactive state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #cache = new Map<number, RevisionDetail>();
  #listNo = 0;
  #detailNo = 0;

  constructor(api: LabApi, id: string) {
    this.#api = api;
    this.id = id;
  }

  get revisions(): RevisionSummary[] {
    return this.#revisions;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): string | null {
    return this.#error;
  }
  get selected(): number | null {
    return this.#selected;
  }
  /** The selected revision's content, once fetched (null while loading or after an error). */
  get detail(): RevisionDetail | null {
    return this.#detail;
  }
  get detailError(): string | null {
    return this.#detailError;
  }
  get newest(): number | null {
    return this.#revisions[0]?.revision ?? null;
  }

  /**
   * Fetches the list. Keeps the selection when it still exists, otherwise
   * selects `prefer` or the newest revision.
   */
  async load(prefer?: number): Promise<void> {
    const listNo = ++this.#listNo;
    this.#loading = true;
    try {
      const { revisions } = await this.#api.listRevisions({ id: this.id });
      if (listNo !== this.#listNo) return;
      this.#revisions = revisions;
      this.#error = null;
      this.#loaded = true;
      const has = (n: number | null | undefined): n is number => n != null && revisions.some((r) => r.revision === n);
      const next = has(prefer) ? prefer : has(this.#selected) ? this.#selected : (revisions[0]?.revision ?? null);
      if (next === null) {
        this.#selected = null;
        this.#detail = null;
      } else if (next !== this.#selected || (!this.#detail && !this.#detailError)) {
        await this.select(next);
      }
    } catch (e) {
      if (listNo === this.#listNo) this.#error = describeHistoryError(e);
    } finally {
      if (listNo === this.#listNo) this.#loading = false;
    }
  }

  /** Shows revision `revision`; a slower answer for an earlier selection is ignored. */
  async select(revision: number): Promise<void> {
    const detailNo = ++this.#detailNo;
    this.#selected = revision;
    this.#detailError = null;
    const cached = this.#cache.get(revision);
    this.#detail = cached ?? null;
    if (cached) return;
    try {
      const detail = await this.#api.getRevision({ id: this.id, revision });
      this.#cache.set(revision, detail);
      if (detailNo === this.#detailNo) this.#detail = detail;
    } catch (e) {
      if (detailNo === this.#detailNo) this.#detailError = describeHistoryError(e);
    }
  }

  /** Moves the selection by `step` rows (the list is newest first), or to an end. */
  move(step: number | 'first' | 'last'): void {
    const list = this.#revisions;
    if (!list.length) return;
    const at = list.findIndex((r) => r.revision === this.#selected);
    const index = step === 'first' ? 0 : step === 'last' ? list.length - 1 : Math.min(list.length - 1, Math.max(0, (at < 0 ? 0 : at) + step));
    const target = list[index].revision;
    if (target !== this.#selected) void this.select(target);
  }
}
