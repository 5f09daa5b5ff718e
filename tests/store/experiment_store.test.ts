import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ExperimentStore, LIMITS, StoreError } from '../../main/store/index';
import { MIGRATIONS_DIR, removeTempDirs, sampleScript, tempDir } from './helpers';

let file: string;
let store: ExperimentStore;
let tick: number;

// A clock that advances 1 s per call, so ordering by time is deterministic.
const clock = () => new Date(Date.UTC(2025, 0, 1) + tick++ * 1000);

beforeEach(() => {
  tick = 0;
  file = path.join(tempDir(), 'experiments.sqlite');
  store = ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR, clock });
});
afterEach(() => {
  store.close();
  removeTempDirs();
});

function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StoreError) return e;
    throw e;
  }
  throw new Error('expected a StoreError');
}

const lecture = {
  name: 'Seed lecture',
  notes: 'x.grad should equal 2x',
  script: 'x = torch.rand(5, requires_grad=True)\nloss = x**2 - 5\nloss.backward(gradient=torch.ones(5))\nprint(x.grad)\n',
  builder_state: { version: 1, root: 'loss', leaf: 'x', chart: { points: true } },
  seed: 0,
  engine_version: '0.1.0',
  last_result: { stdout: 'tensor([0.9926, 1.5364, 0.1770, 0.2641, 0.6148])\n' },
};

describe('create, get and reopen', () => {
  it('stores every field and returns it unchanged after closing and reopening the file', () => {
    const s = store.create(lecture);
    expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(s).toMatchObject({ name: lecture.name, revision: 1, seed: 0, engine_version: '0.1.0', deleted_at: null, created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-01T00:00:00.000Z' });
    store.close();
    store = ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR, clock });
    const e = store.get(s.id);
    expect(e).toEqual({ ...s, notes: lecture.notes, script: lecture.script, builder_state: lecture.builder_state, last_result: lecture.last_result });
  });

  it('find returns null and get throws not_found for unknown ids', () => {
    expect(store.find('nope')).toBeNull();
    const err = storeError(() => store.get('nope'));
    expect(err.code).toBe('not_found');
    expect(err.message).toContain('nope');
  });

  it('validates fields and says which one is wrong', () => {
    expect(storeError(() => store.create({ name: '  ', script: '' })).message).toMatch(/name: must not be empty/);
    expect(storeError(() => store.create({ name: 'a', script: 'x', seed: 1.5 })).message).toMatch(/seed: must be an integer/);
    expect(storeError(() => store.create({ name: 'a', script: 'x', builder_state: { root: 'y' } as never })).message).toMatch(/builder_state\.version/);
    const big = storeError(() => store.create({ name: 'a', script: 'x'.repeat(LIMITS.scriptChars + 1) }));
    expect(big.code).toBe('too_large');
    expect(big.message).toMatch(/script: must be at most 1000000 characters/);
    expect(store.list().total).toBe(0);
  });

  it('caps last_result at 5 MB with a clear too_large error', () => {
    const huge = { values: 'x'.repeat(LIMITS.lastResultBytes) };
    const err = storeError(() => store.create({ ...lecture, last_result: huge }));
    expect(err.code).toBe('too_large');
    expect(err.message).toMatch(/last_result: is 5\.0 MB, the limit is 5\.0 MB/);
    // Just under the cap is fine.
    const ok = store.create({ ...lecture, last_result: { values: 'x'.repeat(LIMITS.lastResultBytes - 100) } });
    expect((store.get(ok.id).last_result as { values: string }).values.length).toBe(LIMITS.lastResultBytes - 100);
  });
});

describe('save, revisions and optimistic concurrency', () => {
  it('each save adds a revision with a full copy; history is newest first', () => {
    const s = store.create(lecture);
    store.save(s.id, 1, { script: 'y = 2\n', seed: 7 });
    store.save(s.id, 2, { name: 'Renamed in save', notes: 'n3' });
    const h = store.history(s.id);
    expect(h.map((r) => [r.revision, r.name, r.seed])).toEqual([
      [3, 'Renamed in save', 7],
      [2, 'Seed lecture', 7],
      [1, 'Seed lecture', 0],
    ]);
    expect(store.getRevision(s.id, 1)).toMatchObject({ script: lecture.script, notes: lecture.notes, builder_state: lecture.builder_state, seed: 0 });
    expect(store.getRevision(s.id, 2)).toMatchObject({ script: 'y = 2\n', seed: 7 });
    expect(store.revisionCount(s.id)).toBe(3);
    expect(storeError(() => store.getRevision(s.id, 9)).code).toBe('not_found');
  });

  it('a save against a stale revision is refused with ConflictError carrying the current revision, and writes nothing', () => {
    const s = store.create(lecture);
    store.save(s.id, 1, { script: 'saved in window A' });
    let err: unknown;
    try {
      store.save(s.id, 1, { script: 'saved in window B' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).code).toBe('conflict');
    expect((err as ConflictError).currentRevision).toBe(2);
    expect((err as ConflictError).expectedRevision).toBe(1);
    expect(store.get(s.id).script).toBe('saved in window A');
    expect(store.revisionCount(s.id)).toBe(2);
  });

  it('two connections to one file: the second writer loses cleanly', () => {
    const s = store.create(lecture);
    const other = ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR });
    const seen = other.get(s.id).revision;
    store.save(s.id, seen, { notes: 'first' });
    expect(() => other.save(s.id, seen, { notes: 'second' })).toThrow(ConflictError);
    other.close();
    expect(store.get(s.id).notes).toBe('first');
  });

  it('keeps the result snapshot for name/notes edits, drops it when the script or seed changes unless a new one is given', () => {
    const s = store.create(lecture);
    store.save(s.id, 1, { notes: 'only notes' });
    expect(store.get(s.id).last_result).toEqual(lecture.last_result);
    store.save(s.id, 2, { seed: 1 });
    expect(store.get(s.id).last_result).toBeNull();
    store.save(s.id, 3, { script: 'z = 3', last_result: { stdout: 'new' } });
    expect(store.get(s.id).last_result).toEqual({ stdout: 'new' });
    store.setLastResult(s.id, 4, { stdout: 'rerun' });
    expect(store.get(s.id)).toMatchObject({ revision: 4, last_result: { stdout: 'rerun' } });
    expect(() => store.setLastResult(s.id, 3, { stdout: 'stale' })).toThrow(ConflictError);
  });

  it('restoreRevision makes a new save whose content equals that revision', () => {
    const s = store.create(lecture);
    store.save(s.id, 1, { script: 'changed', seed: 5, name: 'Changed', builder_state: { version: 2 } });
    const restored = store.restoreRevision(s.id, 1);
    expect(restored.revision).toBe(3);
    const e = store.get(s.id);
    const r1 = store.getRevision(s.id, 1);
    expect({ name: e.name, notes: e.notes, script: e.script, builder_state: e.builder_state, seed: e.seed }).toEqual({ name: r1.name, notes: r1.notes, script: r1.script, builder_state: r1.builder_state, seed: r1.seed });
    expect(store.getRevision(s.id, 3).script).toBe(lecture.script);
    expect(e.last_result).toBeNull();
    expect(() => store.restoreRevision(s.id, 1, 2)).toThrow(ConflictError);
  });
});

describe('rename and duplicate', () => {
  it('rename is a revision that changes only the name', () => {
    const s = store.create(lecture);
    const r = store.rename(s.id, 'Better name');
    expect(r).toMatchObject({ name: 'Better name', revision: 2 });
    expect(store.get(s.id)).toMatchObject({ script: lecture.script, seed: 0, last_result: lecture.last_result });
    expect(storeError(() => store.rename(s.id, '')).code).toBe('invalid_input');
  });

  it('duplicate copies content and result under a new id, as revision 1', () => {
    const s = store.create(lecture);
    store.save(s.id, 1, { notes: 'v2' });
    const d = store.duplicate(s.id);
    expect(d.id).not.toBe(s.id);
    expect(d).toMatchObject({ name: 'Seed lecture (copy)', revision: 1 });
    const copy = store.get(d.id);
    const orig = store.get(s.id);
    expect({ ...copy, id: orig.id, name: orig.name, revision: orig.revision, created_at: orig.created_at, updated_at: orig.updated_at }).toEqual(orig);
    expect(store.history(d.id)).toHaveLength(1);
    expect(store.duplicate(s.id, 'Named copy').name).toBe('Named copy');
  });
});

describe('trash', () => {
  it('delete moves to the trash, restore brings back, purge removes for good with revisions and result', () => {
    const a = store.create(lecture);
    const b = store.create({ name: 'other', script: 'y = 1' });
    store.delete(a.id);
    expect(store.list().experiments.map((e) => e.id)).toEqual([b.id]);
    expect(store.list({ trash: true }).experiments.map((e) => e.id)).toEqual([a.id]);
    expect(store.get(a.id).deleted_at).not.toBeNull();
    expect(storeError(() => store.save(a.id, 1, { notes: 'x' })).code).toBe('in_trash');
    expect(storeError(() => store.purge(b.id)).code).toBe('not_in_trash');

    store.restore(a.id);
    expect(store.get(a.id).deleted_at).toBeNull();
    expect(store.list().total).toBe(2);
    expect(storeError(() => store.restore(a.id)).code).toBe('not_in_trash');

    store.delete(a.id);
    store.purge(a.id);
    expect(store.find(a.id)).toBeNull();
    const db = store.db;
    expect(db.prepare('SELECT count(*) AS n FROM revisions').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM last_results').get()).toEqual({ n: 0 });
    expect(store.list({ search: 'lecture', trash: true }).total).toBe(0);
  });
});

describe('list and search', () => {
  it('lists newest first, paginated, with the total', () => {
    const ids = Array.from({ length: 7 }, (_, i) => store.create({ name: `exp ${i}`, script: sampleScript(i) }).id);
    store.save(ids[2], 1, { notes: 'touched last' }); // moves to the top
    const expected = [ids[2], ids[6], ids[5], ids[4], ids[3], ids[1], ids[0]];
    const page1 = store.list({ limit: 3 });
    const page2 = store.list({ limit: 3, offset: 3 });
    const page3 = store.list({ limit: 3, offset: 6 });
    expect(page1.total).toBe(7);
    expect([...page1.experiments, ...page2.experiments, ...page3.experiments].map((e) => e.id)).toEqual(expected);
    expect(page3.experiments).toHaveLength(1);
    expect(storeError(() => store.list({ limit: 0 })).code).toBe('invalid_input');
  });

  it('full-text search covers name, notes and script, by word prefix, all words required', () => {
    const byName = store.create({ name: 'Sigmoid saturation', script: 'a = 1' }).id;
    const byNotes = store.create({ name: 'n', notes: 'shows vanishing gradients', script: 'b = 2' }).id;
    const byScript = store.create({ name: 's', script: 'loss = F.binary_cross_entropy_with_logits(z, y)\nloss.backward()' }).id;
    const ids = (q: string) => store.list({ search: q }).experiments.map((e) => e.id).sort();
    expect(ids('sigmoid')).toEqual([byName]);
    expect(ids('vanishing')).toEqual([byNotes]);
    expect(ids('binary_cross_entropy_with_logits')).toEqual([byScript]);
    expect(ids('backw')).toEqual([byScript]); // prefix
    expect(ids('SIGMOID saturation')).toEqual([byName]);
    expect(ids('sigmoid vanishing')).toEqual([]);
    expect(ids('loss.backward()')).toEqual([byScript]); // punctuation is text, not FTS syntax
    expect(ids('"unbalanced OR NOT (')).toEqual([]);
    expect(store.list({ search: 'vanishing' }).total).toBe(1);
  });

  it('search follows edits and ignores diacritics', () => {
    const id = store.create({ name: 'Résumé of autograd', script: 'old_token = 1' }).id;
    expect(store.list({ search: 'resume' }).total).toBe(1);
    store.save(id, 1, { script: 'new_token = 2' });
    expect(store.list({ search: 'old_token' }).total).toBe(0);
    expect(store.list({ search: 'new_token' }).total).toBe(1);
    store.delete(id);
    expect(store.list({ search: 'new_token' }).total).toBe(0);
    expect(store.list({ search: 'new_token', trash: true }).total).toBe(1);
  });
});
