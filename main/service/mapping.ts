// The store speaks snake_case; the API speaks camelCase.

import type { Experiment as StoredExperiment, ExperimentSummary as StoredSummary, Revision, RevisionSummary as StoredRevisionSummary } from '../store/index';
import type { Experiment, ExperimentSummary, RevisionDetail, RevisionSummary } from '../../core/contract/lab_api';

export function toSummary(s: StoredSummary): ExperimentSummary {
  return {
    id: s.id,
    name: s.name,
    revision: s.revision,
    seed: s.seed,
    engineVersion: s.engine_version,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
    deletedAt: s.deleted_at,
  };
}

export function toExperiment(e: StoredExperiment): Experiment {
  return {
    ...toSummary(e),
    notes: e.notes,
    script: e.script,
    builderState: e.builder_state,
    lastResult: e.last_result ?? null,
  };
}

export function toRevisionSummary(r: StoredRevisionSummary): RevisionSummary {
  return { revision: r.revision, savedAt: r.saved_at, name: r.name, seed: r.seed, engineVersion: r.engine_version };
}

export function toRevisionDetail(r: Revision): RevisionDetail {
  return { ...toRevisionSummary(r), notes: r.notes, script: r.script, builderState: r.builder_state };
}
