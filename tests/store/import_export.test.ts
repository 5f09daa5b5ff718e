import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_FORMAT_VERSION, ExperimentStore, ImportError, LIMITS, StoreError } from '../../main/store/index';
import type { ExportFile } from '../../main/store/index';
import { MIGRATIONS_DIR, removeTempDirs, sampleScript, tempDir } from './helpers';

let dir: string;
let store: ExperimentStore;

beforeEach(() => {
  dir = tempDir();
  store = ExperimentStore.open(path.join(dir, 'experiments.sqlite'), { migrationsDir: MIGRATIONS_DIR });
});
afterEach(() => {
  store.close();
  removeTempDirs();
});

function seedStore(s: ExperimentStore): string[] {
  const a = s.create({ name: 'Seed lecture', notes: 'n', script: sampleScript(1), seed: 0, builder_state: { version: 1, leaf: 'x' }, engine_version: '0.1.0', last_result: { stdout: 'tensor([2.])', chart: [1, 2, 3] } });
  s.save(a.id, 1, { script: sampleScript(2), last_result: { stdout: 'v2' } });
  const b = s.create({ name: 'detach', script: 'y = x.detach()' });
  return [a.id, b.id];
}

/** Row counts of every table: "writes nothing" means these do not change. */
function counts(s: ExperimentStore): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['experiments', 'revisions', 'last_results']) out[t] = (s.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return out;
}

function validFile(): ExportFile {
  seedStore(store);
  return store.exportData();
}

function importError(data: unknown): ImportError {
  const before = counts(store);
  const file = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.autograd-lab.json`);
  fs.writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  try {
    store.importFile(file);
  } catch (e) {
    expect(counts(store)).toEqual(before); // nothing written
    if (e instanceof ImportError) {
      expect(e.message).toContain(file);
      expect(e.message).toContain('nothing was written');
      return e;
    }
    throw e;
  }
  throw new Error('import unexpectedly succeeded');
}

describe('export and import round trip', () => {
  it('exports all live experiments with revisions and results; importing into a fresh database reproduces them exactly', () => {
    const ids = seedStore(store);
    const trashed = store.create({ name: 'trashed', script: 't' });
    store.delete(trashed.id);
    const out = path.join(dir, 'all.autograd-lab.json');
    const report = store.exportToFile(out);
    expect(report).toEqual({ path: out, exported: 2, ids: [ids[1], ids[0]] });
    const file = JSON.parse(fs.readFileSync(out, 'utf8')) as ExportFile;
    expect(file).toMatchObject({ format: 'autograd-lab', format_version: EXPORT_FORMAT_VERSION });
    expect(file.experiments.find((e) => e.id === ids[0])!.revisions.map((r) => r.revision)).toEqual([1, 2]);

    const other = ExperimentStore.open(path.join(dir, 'other.sqlite'), { migrationsDir: MIGRATIONS_DIR });
    const imported = other.importFile(out);
    expect(imported).toEqual({ imported: 2, ids: [ids[1], ids[0]], renamed: [] });
    for (const id of ids) {
      expect(other.get(id)).toEqual(store.get(id));
      expect(other.history(id)).toEqual(store.history(id));
      expect(other.getRevision(id, 1)).toEqual(store.getRevision(id, 1));
    }
    expect(other.list({ search: 'detach' }).total).toBe(1);
    // Saves continue from the imported revision.
    expect(other.save(ids[0], 2, { notes: 'after import' }).revision).toBe(3);
    other.close();
  });

  it('exports one experiment by id (also from the trash)', () => {
    const [a] = seedStore(store);
    store.delete(a);
    const r = store.exportToFile(path.join(dir, 'one.autograd-lab.json'), [a]);
    expect(r.ids).toEqual([a]);
    expect(() => store.exportToFile(path.join(dir, 'x.json'), ['missing'])).toThrow(/No experiment with id missing/);
  });

  it('ids that clash get new ids; the existing experiments are untouched', () => {
    const ids = seedStore(store);
    const out = path.join(dir, 'all.autograd-lab.json');
    store.exportToFile(out);
    const before = ids.map((id) => store.get(id));
    const r = store.importFile(out);
    expect(r.imported).toBe(2);
    expect(r.renamed.map((x) => x.from).sort()).toEqual([...ids].sort());
    for (const { from, to } of r.renamed) {
      expect(to).not.toBe(from);
      const copy = store.get(to);
      const orig = store.get(from);
      expect({ ...copy, id: from }).toEqual(orig);
      expect(store.history(to)).toEqual(store.history(from));
    }
    expect(ids.map((id) => store.get(id))).toEqual(before);
    expect(store.list().total).toBe(4);
  });

  it('a file repeating an id imports both, the second under a new id', () => {
    const file = validFile();
    const one = file.experiments[0];
    const data = { ...file, experiments: [{ ...one, id: 'dup-id' }, { ...one, id: 'dup-id' }] };
    const other = ExperimentStore.open(path.join(dir, 'o.sqlite'), { migrationsDir: MIGRATIONS_DIR });
    const r = other.importData(data);
    expect(r.ids[0]).toBe('dup-id');
    expect(r.ids[1]).not.toBe('dup-id');
    expect(r.renamed).toEqual([{ from: 'dup-id', to: r.ids[1] }]);
    other.close();
  });

  it('a file without revision history gets the current content as a revision', () => {
    const file = validFile();
    const data = { ...file, experiments: [{ ...file.experiments[0], id: 'no-history', revision: 5, revisions: [] }] };
    store.importData(data);
    expect(store.history('no-history').map((r) => r.revision)).toEqual([5]);
    expect(store.getRevision('no-history', 5).script).toBe(file.experiments[0].script);
  });
});

describe('import refuses malformed, hostile and oversized files and writes nothing', () => {
  it('not JSON', () => {
    expect(importError('{"format": "autograd-lab", ').issues[0]).toMatch(/not valid JSON/);
  });

  it('not an export file', () => {
    expect(importError([1, 2, 3]).message).toMatch(/expected object/);
    expect(importError({ format: 'something-else', format_version: 1, exported_at: new Date().toISOString(), experiments: [] }).message).toMatch(/format: /);
  });

  it('a newer format_version says to update the app', () => {
    const f = { ...validFile(), format_version: EXPORT_FORMAT_VERSION + 1 };
    expect(importError(f).message).toMatch(/format_version: 2 is newer than this app understands/);
  });

  it('wrong types are reported with the JSON path of the bad field', () => {
    const f = validFile();
    const bad = structuredClone(f) as unknown as { experiments: Array<Record<string, unknown> & { revisions: Array<Record<string, unknown>> }> };
    // Exports are newest first: [0] is "detach", [1] the two-revision "Seed lecture".
    expect(bad.experiments.map((e) => e.name)).toEqual(['detach', 'Seed lecture']);
    bad.experiments[0].seed = 'zero';
    bad.experiments[1].revisions[1].script = 42;
    bad.experiments[1].builder_state = { leaf: 'x' };
    const e = importError(bad);
    expect(e.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^experiments\[0\]\.seed: /),
        expect.stringMatching(/^experiments\[1\]\.revisions\[1\]\.script: /),
        expect.stringMatching(/^experiments\[1\]\.builder_state\.version: /),
      ]),
    );
  });

  it('unknown keys are rejected rather than dropped', () => {
    const f = validFile();
    const bad = { ...f, experiments: [{ ...f.experiments[0], run_this: 'rm -rf /' }] };
    expect(importError(bad).issues.join('\n')).toMatch(/experiments\[0\].*run_this/);
  });

  it('__proto__ keys anywhere', () => {
    const f = validFile();
    const text = JSON.stringify(f).replace('"builder_state":{', '"builder_state":{"__proto__":{"polluted":true},');
    const e = importError(text);
    expect(e.issues[0]).toMatch(/^experiments\[1\]\.builder_state\.__proto__: "__proto__" keys are not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('absurdly deep nesting', () => {
    const f = validFile();
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const text = JSON.stringify({ ...f, experiments: [{ ...f.experiments[0], last_result: 'DEEP' }] }).replace('"DEEP"', deep);
    expect(importError(text).issues[0]).toMatch(/experiments\[0\]\.last_result(\[0\])+: nested deeper than 64 levels/);
  });

  it('a script that is too long, a huge name, and a too-large last_result', () => {
    const f = validFile();
    const e = importError({
      ...f,
      experiments: [
        { ...f.experiments[0], script: 'x'.repeat(LIMITS.scriptChars + 1) },
        { ...f.experiments[1], name: 'n'.repeat(100_000) },
      ],
    });
    expect(e.issues).toEqual(expect.arrayContaining([expect.stringMatching(/^experiments\[0\]\.script: must be at most 1000000 characters/), expect.stringMatching(/^experiments\[1\]\.name: must be at most 200 characters/)]));
    const big = importError({ ...f, experiments: [{ ...f.experiments[0], last_result: { data: 'y'.repeat(LIMITS.lastResultBytes) } }] });
    expect(big.issues[0]).toMatch(/^experiments\[0\]\.last_result: is 5\.0 MB, the limit is 5\.0 MB/);
  });

  it('an oversized file is refused from its size alone, without reading it', () => {
    const file = path.join(dir, 'huge.autograd-lab.json');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, LIMITS.importFileBytes + 1); // sparse: no real disk use
    const before = counts(store);
    let err: unknown;
    try {
      store.importFile(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('too_large');
    expect((err as StoreError).message).toMatch(/the file is 256\.0 MB; the limit is 256\.0 MB/);
    expect(counts(store)).toEqual(before);
  });

  it('one bad experiment among good ones writes none of them', () => {
    const f = validFile();
    const other = ExperimentStore.open(path.join(dir, 'empty.sqlite'), { migrationsDir: MIGRATIONS_DIR });
    const bad = { ...f, experiments: [...f.experiments, { ...f.experiments[0], id: 'x', revisions: [f.experiments[0].revisions[0], f.experiments[0].revisions[0]] }] };
    expect(() => other.importData(bad, 'bad.json')).toThrow(/experiments\[2\]\.revisions\[1\]\.revision: revision 1 appears twice/);
    expect(other.list().total).toBe(0);
    other.close();
  });

  it('a missing file says so', () => {
    expect(() => store.importFile(path.join(dir, 'nope.json'))).toThrow(/Cannot read the import file .*nope\.json/);
  });
});
