/**
 * The open experiment as the user edits it: script, builder form, mode, seed
 * and chart selection, with a `dirty` flag against what was last loaded or saved.
 * In Builder mode the script is generated from the form; in Code mode it is
 * typed, and the builder follows it only while it can represent it.
 */
import { generate, type BuilderAnalysis } from '../builder/codegen';
import type { BuilderState } from '../builder/model';
import { recognize } from '../builder/recognize';
import type { Experiment } from '../api/types';
import { newId } from '../lib/ids';
import { readSavedView, type Mode, type SavedView } from './saved_view';

export interface DocContent {
  name: string;
  script: string;
  seed: number | null;
  view: SavedView;
}

export class ExperimentDoc {
  readonly id: string;
  revision = $state(0);
  name = $state('');
  builder = $state<BuilderState | null>(null);
  seed = $state<number | null>(null);
  chartLeaf = $state<string | null>(null);
  #mode = $state<Mode>('builder');
  #typed = $state('');
  #codeOnlyReason = $state<string | null>(null);
  #saved = $state('');

  constructor(experiment: Experiment) {
    this.id = experiment.id;
    this.#load(experiment);
  }

  /** Replaces the content with the stored experiment (after open, reload or save). */
  #load(experiment: Experiment): void {
    const view = readSavedView(experiment.builderState);
    this.revision = experiment.revision;
    this.apply({ name: experiment.name, script: experiment.script, seed: experiment.seed, view });
    this.#saved = this.serialize();
  }

  reload(experiment: Experiment): void {
    this.#load(experiment);
  }

  markSaved(revision: number): void {
    this.revision = revision;
    this.#saved = this.serialize();
  }

  apply(content: DocContent): void {
    this.name = content.name;
    this.seed = content.seed;
    this.chartLeaf = content.view.chartLeaf;
    this.builder = content.view.builder;
    this.#typed = content.script;
    this.#mode = content.view.mode;
    this.#codeOnlyReason = null;
    if (this.#mode === 'code') this.#follow(content.script);
  }

  get mode(): Mode {
    return this.#mode;
  }

  get codeOnlyReason(): string | null {
    return this.#codeOnlyReason;
  }

  analysis = $derived.by((): BuilderAnalysis | null => (this.builder ? generate(this.builder) : null));

  script = $derived.by((): string => (this.#mode === 'builder' && this.analysis ? this.analysis.code : this.#typed));

  /** Typing in Code mode. */
  setScript(text: string): void {
    if (this.#mode === 'builder') this.#mode = 'code';
    this.#typed = text;
    this.#follow(text);
  }

  /** Keep the builder in step with code it can represent; otherwise say why not. */
  #follow(text: string): void {
    const r = recognize(text, newId, this.builder ? $state.snapshot(this.builder) : null);
    if (r.ok) {
      this.builder = r.state;
      this.#codeOnlyReason = null;
    } else {
      this.#codeOnlyReason = `Line ${r.line}: ${r.reason}.`;
    }
  }

  /** Switches mode; Builder is refused (returns false) for scripts it cannot represent. */
  setMode(mode: Mode): boolean {
    if (mode === this.#mode) return true;
    if (mode === 'code') {
      this.#typed = this.script;
      this.#mode = 'code';
      this.#codeOnlyReason = null;
      return true;
    }
    this.#follow(this.#typed);
    if (this.#codeOnlyReason || !this.builder) return false;
    this.#mode = 'builder';
    return true;
  }

  content(): DocContent {
    return {
      name: this.name,
      script: this.script,
      seed: this.seed,
      view: {
        version: 1,
        mode: this.#mode,
        chartLeaf: this.chartLeaf,
        builder: this.builder ? $state.snapshot(this.builder) : null,
      },
    };
  }

  serialize(): string {
    return JSON.stringify(this.content());
  }

  dirty = $derived.by(() => this.serialize() !== this.#saved);
}
