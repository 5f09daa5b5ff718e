/**
 * What the UI stores as an experiment's `builder_state`: the builder form plus
 * the view choices that reopening restores (mode and chart selection).
 */
import { readBuilderState, type BuilderState } from '../builder/model';

export type Mode = 'builder' | 'code';

export interface SavedView {
  version: 1;
  mode: Mode;
  chartLeaf: string | null;
  builder: BuilderState | null;
}

export function readSavedView(value: unknown): SavedView {
  const v = (value && typeof value === 'object' ? value : {}) as Partial<SavedView> & { tensors?: unknown };
  // A bare builder state (no wrapper) is accepted too.
  const builder = v.builder !== undefined ? readBuilderState(v.builder) : readBuilderState(v);
  return {
    version: 1,
    mode: v.mode === 'code' || v.mode === 'builder' ? v.mode : builder ? 'builder' : 'code',
    chartLeaf: typeof v.chartLeaf === 'string' ? v.chartLeaf : null,
    builder,
  };
}
