/**
 * The whole lab: the API, the experiment list, the open document, the runner,
 * and the actions the toolbar, sidebar, menu and shortcuts call. Every action
 * that would drop unsaved edits asks first (see `guard`).
 */
import type { LabApi } from '../api/connect';
import { LabCallError, type AppInfo, type Experiment, type RunResponse } from '../api/types';
import { defaultBuilder } from '../builder/model';
import { generate } from '../builder/codegen';
import type { Example } from '../lib/examples';
import { newId } from '../lib/ids';
import { ExperimentDoc } from './document.svelte';
import { dropDraft, readDraft, writeDraft, type Draft } from './drafts';
import { ExperimentList } from './experiments.svelte';
import { RevisionHistory } from './history.svelte';
import { describeHistoryError, historyUnavailable } from '../lib/revisions';
import { Runner } from './runner.svelte';
import type { SavedView } from './saved_view';

export type ResultsTab = 'console' | 'variables' | 'graph' | 'gradients';

export interface PendingChoice {
  title: string;
  message: string;
  /** Runs after the user saved or discarded. */
  proceed: () => Promise<void> | void;
}

/** What a saved snapshot holds: the run's answer and what it ran. */
interface Snapshot {
  script: string;
  seed: number;
  response: RunResponse;
}

/** Below the store's 5 MiB cap on last_result, with room for JSON escaping. */
const SNAPSHOT_MAX_CHARS = 4_500_000;

export class Lab {
  readonly api: LabApi;
  readonly edition: 'electron' | 'browser';
  readonly experiments: ExperimentList;
  readonly runner: Runner;
  #doc = $state<ExperimentDoc | null>(null);
  #info = $state.raw<AppInfo | null>(null);
  resultsTab = $state<ResultsTab>('console');
  helpOpen = $state(false);
  galleryOpen = $state(false);
  pending = $state.raw<PendingChoice | null>(null);
  conflict = $state.raw<{ message: string } | null>(null);
  /** The open experiment's revisions while the History dialog shows them. */
  history = $state.raw<RevisionHistory | null>(null);
  /** An experiment waiting for "Delete for good" to be confirmed. */
  purging = $state.raw<{ id: string; name: string } | null>(null);
  /** A one-line status message (saved, restored draft, failed actions). */
  notice = $state.raw<{ text: string; tone: 'info' | 'error' } | null>(null);
  /** A draft of another revision found for the opened experiment, offered for restore. */
  offeredDraft = $state.raw<Draft | null>(null);
  /** The script and seed the shown response came from. */
  #ran = $state.raw<{ script: string; seed: number } | null>(null);
  #noticeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(api: LabApi, edition: 'electron' | 'browser') {
    this.api = api;
    this.edition = edition;
    this.experiments = new ExperimentList(api);
    this.runner = new Runner(api);
  }

  get doc(): ExperimentDoc | null {
    return this.#doc;
  }
  get info(): AppInfo | null {
    return this.#info;
  }
  /** The script the shown results came from (the graph reads cut lines from it). */
  get ranScript(): string {
    return this.#ran?.script ?? this.#doc?.script ?? '';
  }

  /** Whether the shown results describe the current script and seed. */
  resultsCurrent = $derived.by(() => {
    const doc = this.#doc;
    const ran = this.#ran;
    if (!doc || !ran) return false;
    return ran.script === doc.script && (doc.seed === null || doc.seed === ran.seed);
  });

  async start(): Promise<void> {
    try {
      this.#info = await this.api.appInfo({});
      if (this.#info.notice) this.say(this.#info.notice, 'error');
    } catch (e) {
      this.#fail(e);
    }
    await this.experiments.refresh();
  }

  say(text: string, tone: 'info' | 'error' = 'info'): void {
    this.notice = { text, tone };
    if (this.#noticeTimer) clearTimeout(this.#noticeTimer);
    if (tone === 'info') this.#noticeTimer = setTimeout(() => (this.notice = null), 5000);
  }

  #fail(e: unknown): void {
    this.say(e instanceof Error ? e.message : String(e), 'error');
  }

  /** Runs `action` now, or after the user saved or discarded unsaved edits. */
  guard(title: string, action: () => Promise<void> | void): void {
    const doc = this.#doc;
    if (!doc || !doc.dirty) {
      void action();
      return;
    }
    this.pending = { title, message: `“${doc.name}” has unsaved changes.`, proceed: action };
  }

  async resolvePending(choice: 'save' | 'discard' | 'cancel'): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    if (!pending || choice === 'cancel') return;
    const doc = this.#doc;
    if (choice === 'save') {
      if (!(await this.save())) return;
    } else if (doc) {
      dropDraft(doc.id);
    }
    await pending.proceed();
  }

  /** Called on every edit (debounced by the caller): unsaved edits survive a reload or crash. */
  keepDraft(): void {
    const doc = this.#doc;
    if (doc && doc.dirty) writeDraft(doc.id, doc.revision, doc.content());
  }

  // ── opening ─────────────────────────────────────────────────────────────

  open(id: string): void {
    if (this.#doc?.id === id) return;
    this.guard('Open another experiment', () => this.#open(id));
  }

  async #open(id: string): Promise<void> {
    try {
      const experiment = await this.api.getExperiment({ id });
      this.#show(experiment);
      // Reopening shows the saved numbers at once, then confirms them with a fresh run.
      if (this.runner.response) await this.run();
    } catch (e) {
      this.#fail(e);
    }
  }

  #show(experiment: Experiment): void {
    const doc = new ExperimentDoc(experiment);
    this.#doc = doc;
    this.conflict = null;
    if (this.history && this.history.id !== experiment.id) this.history = null;
    const snapshot = readSnapshot(experiment.lastResult);
    this.runner.showSnapshot(snapshot?.response ?? null);
    this.#ran = snapshot ? { script: snapshot.script, seed: snapshot.seed } : null;
    const draft = readDraft(experiment.id);
    this.offeredDraft = null;
    if (draft) {
      if (draft.revision === experiment.revision) {
        doc.apply(draft.content);
        this.say('Unsaved changes from last time were restored from a draft.');
      } else {
        this.offeredDraft = draft;
      }
    }
  }

  restoreOfferedDraft(): void {
    const draft = this.offeredDraft;
    if (draft && this.#doc) this.#doc.apply(draft.content);
    this.offeredDraft = null;
  }

  discardOfferedDraft(): void {
    if (this.#doc) dropDraft(this.#doc.id);
    this.offeredDraft = null;
  }

  newExperiment(): void {
    this.guard('Create a new experiment', async () => {
      const builder = defaultBuilder(newId);
      await this.#create(this.#freshName('Experiment'), generate(builder).code, { version: 1, mode: 'builder', chartLeaf: 'x', builder }, null);
    });
  }

  openExample(example: Example): void {
    this.galleryOpen = false;
    this.guard(`Open the example “${example.title}”`, async () => {
      const made = example.make();
      await this.#create(this.#freshName(example.title), made.script, made.view, made.seed);
    });
  }

  #freshName(base: string): string {
    // A throwaway lookup inside one call, not reactive state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const names = new Set(this.experiments.items.map((e) => e.name));
    if (!names.has(base)) return base;
    for (let i = 2; ; i++) if (!names.has(`${base} ${i}`)) return `${base} ${i}`;
  }

  async #create(name: string, script: string, view: SavedView, seed: number | null): Promise<void> {
    try {
      const experiment = await this.api.createExperiment({ name, script, builderState: { ...view }, seed });
      this.experiments.showTrash = false;
      this.experiments.search = '';
      await this.experiments.refresh();
      this.#show(experiment);
      this.runner.clear();
      this.#ran = null;
    } catch (e) {
      this.#fail(e);
    }
  }

  closeDoc(): void {
    this.#doc = null;
    this.history = null;
    this.runner.clear();
    this.#ran = null;
  }

  // ── running ─────────────────────────────────────────────────────────────

  async run(): Promise<void> {
    const doc = this.#doc;
    if (!doc) return;
    const script = doc.script;
    const response = await this.runner.run(script, doc.seed);
    if (!response) return;
    // The chart shows doc.chartLeaf, or the first leaf when none was chosen; running alone changes nothing to save.
    this.#ran = { script, seed: response.result.seed };
  }

  cancelRun(): void {
    void this.runner.cancel();
  }

  // ── saving ──────────────────────────────────────────────────────────────

  /** Saves the open experiment; false when it did not (conflict or error). */
  async save(expectedRevision?: number): Promise<boolean> {
    const doc = this.#doc;
    if (!doc) return false;
    const content = doc.content();
    const ran = this.#ran;
    const response = this.runner.response;
    const current = this.resultsCurrent && ran !== null && response !== null;
    // The seed a run used becomes the experiment's seed, so reopening gives the same numbers.
    const seed = content.seed ?? (current ? ran.seed : null);
    let lastResult: unknown;
    if (current) {
      const snapshot: Snapshot = { script: ran.script, seed: ran.seed, response };
      let text = JSON.stringify(snapshot);
      if (text.length > SNAPSHOT_MAX_CHARS) text = JSON.stringify({ ...snapshot, response: { ...response, analysis: null } });
      if (text.length <= SNAPSHOT_MAX_CHARS) lastResult = snapshot;
    }
    try {
      const saved = await this.api.saveExperiment({
        id: doc.id,
        expectedRevision: expectedRevision ?? doc.revision,
        name: content.name.trim() || 'Untitled',
        script: content.script,
        builderState: { ...content.view },
        seed,
        ...(lastResult !== undefined ? { lastResult } : {}),
      });
      if (doc.seed === null && seed !== null) doc.seed = seed;
      doc.markSaved(saved.revision);
      dropDraft(doc.id);
      this.conflict = null;
      this.say(`Saved “${doc.name}” (revision ${saved.revision}).`);
      await this.experiments.refresh();
      return true;
    } catch (e) {
      if (e instanceof LabCallError && e.type === 'ConflictError') {
        const now = e.currentRevision ? `the stored one is now revision ${e.currentRevision}` : 'the stored one is newer';
        this.conflict = { message: `“${doc.name}” was saved elsewhere meanwhile: you edited revision ${doc.revision}, ${now}.` };
        return false;
      }
      this.#fail(e);
      return false;
    }
  }

  async resolveConflict(choice: 'theirs' | 'mine' | 'cancel'): Promise<void> {
    const doc = this.#doc;
    if (!doc || choice === 'cancel') {
      this.conflict = null;
      return;
    }
    try {
      const stored = await this.api.getExperiment({ id: doc.id });
      this.conflict = null;
      if (choice === 'theirs') {
        dropDraft(doc.id);
        this.#show(stored);
        this.say(`Reloaded revision ${stored.revision}; your edits were discarded.`);
      } else {
        await this.save(stored.revision);
      }
    } catch (e) {
      this.#fail(e);
    }
  }

  // ── history ─────────────────────────────────────────────────────────────

  openHistory(): void {
    const doc = this.#doc;
    if (!doc) return;
    const why = historyUnavailable(doc);
    if (why) {
      this.say(why);
      return;
    }
    const history = new RevisionHistory(this.api, doc.id);
    this.history = history;
    void history.load();
  }

  closeHistory(): void {
    this.history = null;
  }

  /**
   * Saves revision `revision`'s content again as the newest revision and
   * shows it, asking first about unsaved edits. `expectedRevision` overrides
   * the open one after a conflict the user chose to restore over.
   */
  restoreRevision(revision: number, expectedRevision?: number): void {
    this.guard(`Restore revision ${revision}`, () => this.#restoreRevision(revision, expectedRevision));
  }

  async #restoreRevision(revision: number, expectedRevision?: number): Promise<void> {
    const doc = this.#doc;
    const history = this.history;
    if (!doc || !history || history.id !== doc.id) return;
    history.restoring = true;
    history.outcome = null;
    try {
      const summary = await this.api.restoreRevision({ id: doc.id, revision, expectedRevision: expectedRevision ?? doc.revision });
      // The restored content replaces the edits the user just saved or discarded.
      dropDraft(doc.id);
      this.#show(await this.api.getExperiment({ id: doc.id }));
      await Promise.all([history.load(summary.revision), this.experiments.refresh()]);
      // Reported once the list shows the new revision.
      history.outcome = { text: `Revision ${revision} was restored as revision ${summary.revision}.`, tone: 'info' };
    } catch (e) {
      if (e instanceof LabCallError && e.type === 'ConflictError') {
        const now = e.currentRevision ? `the stored one is now revision ${e.currentRevision}` : 'the stored one is newer';
        history.outcome = {
          text: `“${doc.name}” was saved elsewhere meanwhile: you have revision ${doc.revision} open, ${now}. Restoring anyway replaces the open document; every revision stays in the history.`,
          tone: 'error',
          ...(e.currentRevision ? { conflictWith: e.currentRevision } : {}),
        };
        await history.load();
      } else {
        history.outcome = { text: describeHistoryError(e), tone: 'error' };
      }
    } finally {
      history.restoring = false;
    }
  }

  // ── list operations ─────────────────────────────────────────────────────

  async rename(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) {
      this.say('A name cannot be empty.', 'error');
      return;
    }
    const doc = this.#doc;
    try {
      if (doc?.id === id) {
        const summary = await this.api.renameExperiment({ id, name: trimmed, expectedRevision: doc.revision });
        const wasDirty = doc.dirty;
        doc.name = trimmed;
        if (!wasDirty) doc.markSaved(summary.revision);
        else doc.revision = summary.revision;
      } else {
        await this.api.renameExperiment({ id, name: trimmed });
      }
      await this.experiments.refresh();
    } catch (e) {
      if (e instanceof LabCallError && e.type === 'ConflictError') this.conflict = { message: e.message };
      else this.#fail(e);
    }
  }

  async duplicate(id: string): Promise<void> {
    try {
      const copy = await this.api.duplicateExperiment({ id });
      await this.experiments.refresh();
      this.say(`Made “${copy.name}”.`);
      this.open(copy.id);
    } catch (e) {
      this.#fail(e);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.api.deleteExperiment({ id });
      if (this.#doc?.id === id) {
        dropDraft(id);
        this.closeDoc();
      }
      this.say('Moved to the trash. Show the trash to restore it.');
      await this.experiments.refresh();
    } catch (e) {
      this.#fail(e);
    }
  }

  /** Downloads every live experiment as one `.autograd-lab.json` file. */
  async exportAll(): Promise<void> {
    try {
      const file = await this.api.exportExperiments({});
      const url = URL.createObjectURL(new Blob([file.content], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      this.say(`Exported ${file.exported} experiment${file.exported === 1 ? '' : 's'} to ${file.fileName}.`);
    } catch (e) {
      this.#fail(e);
    }
  }

  async importFile(file: File): Promise<void> {
    try {
      const report = await this.api.importExperiments({ content: await file.text() });
      const renamed = report.renamed.length ? ` (${report.renamed.length} got new ids: theirs were taken)` : '';
      this.say(`Imported ${report.imported} experiment${report.imported === 1 ? '' : 's'} from ${file.name}${renamed}.`);
      this.experiments.showTrash = false;
      await this.experiments.refresh();
    } catch (e) {
      this.#fail(e);
    }
  }

  async restore(id: string): Promise<void> {
    try {
      await this.api.restoreExperiment({ id });
      this.say('Restored from the trash.');
      await this.experiments.refresh();
    } catch (e) {
      this.#fail(e);
    }
  }

  async purge(id: string): Promise<void> {
    this.purging = null;
    try {
      await this.api.purgeExperiment({ id });
      this.say('Deleted for good.');
      await this.experiments.refresh();
    } catch (e) {
      this.#fail(e);
    }
  }
}

function readSnapshot(value: unknown): Snapshot | null {
  if (!value || typeof value !== 'object') return null;
  const s = value as Partial<Snapshot>;
  if (typeof s.script !== 'string' || typeof s.seed !== 'number' || !s.response || typeof s.response !== 'object') return null;
  if (!('result' in s.response)) return null;
  return s as Snapshot;
}
