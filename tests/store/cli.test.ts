// The `experiments` CLI: mostly as a real child process on real files (the way
// users run it), plus in-process runs for the many error paths.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExperimentsCommand } from '../../main/cli/experiments_command';
import { ExperimentStore } from '../../main/store/index';
import { MIGRATIONS_DIR, REPO_ROOT, removeTempDirs, tempDir } from './helpers';

let dir: string;
let db: string;
let scriptFile: string;
const SCRIPT = 'import torch\nx = torch.ones(5, requires_grad=True)\ny = (x ** 2 - 5).sum()\ny.backward()\nprint(x.grad)\n';

beforeEach(() => {
  dir = tempDir();
  db = path.join(dir, 'cli.sqlite');
  scriptFile = path.join(dir, 'lecture.py');
  fs.writeFileSync(scriptFile, SCRIPT);
});
afterEach(removeTempDirs);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** A real `experiments …` process. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Result {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests/store/cli_entry.ts'), ...args], {
    cwd: REPO_ROOT, // where `--import tsx` resolves; every path passed is absolute
    encoding: 'utf8',
    env: { ...process.env, AUTOGRAD_LAB_MIGRATIONS_DIR: MIGRATIONS_DIR, ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same command in-process. */
async function run(args: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await runExperimentsCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function json(r: Result): Record<string, unknown> {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1); // exactly one JSON object
  return JSON.parse(lines[0]) as Record<string, unknown>;
}

describe('experiments CLI as a child process', () => {
  it('--json: save, list, show, history, rename, restore-revision, duplicate, delete, restore, purge, export, import', () => {
    const saved = json(cli(['--db', db, 'save', scriptFile, '--name', 'Seed lecture', '--json']));
    expect(Object.keys(saved).sort()).toEqual(['id', 'revision']);
    expect(saved.revision).toBe(1);
    const id = saved.id as string;

    fs.writeFileSync(scriptFile, SCRIPT.replace('5', '7'));
    expect(json(cli(['save', scriptFile, '--id', id, '--seed', '3', '--json', '--db', db]))).toEqual({ id, revision: 2 });

    const list = json(cli(['--db', db, 'list', '--json']));
    expect(list.total).toBe(1);
    expect(list.experiments).toEqual([expect.objectContaining({ id, name: 'Seed lecture', revision: 2, updated_at: expect.any(String) })]);

    const show = json(cli(['--db', db, 'show', id, '--json']));
    expect(show).toMatchObject({ id, name: 'Seed lecture', script: SCRIPT.replace('5', '7'), seed: 3, revisions: 2, updated_at: expect.any(String) });

    const history = json(cli(['--db', db, 'history', id, '--json']));
    expect((history.revisions as Array<{ revision: number }>).map((r) => r.revision)).toEqual([2, 1]);

    expect(json(cli(['--db', db, 'rename', id, 'Renamed', '--json']))).toEqual({ id, name: 'Renamed', revision: 3 });
    expect(json(cli(['--db', db, 'restore-revision', id, '1', '--json']))).toEqual({ id, revision: 4, restored_from: 1 });
    expect(json(cli(['--db', db, 'show', id, '--json']))).toMatchObject({ script: SCRIPT, name: 'Seed lecture', seed: null, revisions: 4 });

    const dup = json(cli(['--db', db, 'duplicate', id, '--json']));
    expect(dup).toMatchObject({ source_id: id, name: 'Seed lecture (copy)', revision: 1 });
    expect(json(cli(['--db', db, 'delete', dup.id as string, '--json']))).toEqual({ id: dup.id, deleted_at: expect.any(String) });
    expect(json(cli(['--db', db, 'list', '--trash', '--json'])).total).toBe(1);
    expect(json(cli(['--db', db, 'restore', dup.id as string, '--json']))).toEqual({ id: dup.id, deleted_at: null });
    cli(['--db', db, 'delete', dup.id as string]);
    expect(json(cli(['--db', db, 'purge', dup.id as string, '--json']))).toEqual({ id: dup.id, purged: true });

    const out = path.join(dir, 'backup.autograd-lab.json');
    expect(json(cli(['--db', db, 'export', out, '--json']))).toEqual({ path: out, exported: 1, ids: [id] });
    const db2 = path.join(dir, 'second.sqlite');
    expect(json(cli(['--db', db2, 'import', out, '--json']))).toEqual({ imported: 1, ids: [id], renamed: [] });
    expect(json(cli(['--db', db2, 'show', id, '--json']))).toMatchObject({ script: SCRIPT, revisions: 4 });
    const again = json(cli(['--db', db2, 'import', out, '--json']));
    expect(again.imported).toBe(1);
    expect((again.ids as string[])[0]).not.toBe(id);
  });

  it('human output: save prints the id, show prints the script and facts, list prints one line each', () => {
    const save = cli(['--db', db, 'save', scriptFile, '--name', 'Seed lecture', '--seed', '0']);
    expect(save.code).toBe(0);
    const id = save.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const show = cli(['--db', db, 'show', id]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`id:        ${id}`);
    expect(show.stdout).toContain('name:      Seed lecture');
    expect(show.stdout).toContain('seed:      0');
    expect(show.stdout).toContain('revisions: 1');
    expect(show.stdout).toMatch(/updated: {3}\d{4}-\d\d-\d\dT/);
    expect(show.stdout.endsWith(SCRIPT)).toBe(true);
    const list = cli(['--db', db, 'list', '--search', 'backward']);
    expect(list.stdout).toMatch(new RegExp(`^${id}  \\S+  r1  Seed lecture\\n1-1 of 1 experiment\\(s\\)\\n$`));
    expect(cli(['--db', db, 'list', '--search', 'nothing-matches']).stdout).toBe('No experiments.\n');
  });

  it('AUTOGRAD_LAB_DB selects the database when --db is absent', () => {
    const viaEnv = path.join(dir, 'env.sqlite');
    const r = cli(['save', scriptFile, '--name', 'from env', '--json'], { AUTOGRAD_LAB_DB: viaEnv });
    expect(r.code).toBe(0);
    expect(fs.existsSync(viaEnv)).toBe(true);
    expect(json(cli(['--db', viaEnv, 'list', '--json'])).total).toBe(1);
  });

  it('errors go to stderr with exit code 1, as JSON with --json', () => {
    const human = cli(['--db', db, 'show', 'missing-id']);
    expect(human).toEqual({ code: 1, stdout: '', stderr: 'autograd-lab experiments: No experiment with id missing-id\n' });
    const machine = cli(['--db', db, 'show', 'missing-id', '--json']);
    expect(machine.code).toBe(1);
    expect(machine.stdout).toBe('');
    expect(JSON.parse(machine.stderr)).toEqual({ error: { code: 'not_found', message: 'No experiment with id missing-id' } });
  });

  it('a corrupt database is reported on stderr and replaced', () => {
    fs.writeFileSync(db, 'garbage '.repeat(1000));
    const r = cli(['--db', db, 'list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 0 });
    expect(r.stderr).toMatch(/^warning: the database was corrupt .*moved to .*cli\.sqlite\.corrupt-/);
  });
});

describe('experiments CLI usage errors (in-process)', () => {
  it('rejects missing and unknown commands, wrong argument counts and misplaced options', async () => {
    for (const args of [[], ['frobnicate'], ['show'], ['show', 'a', 'b'], ['list', '--name', 'x'], ['list', '--limit', 'ten'], ['restore-revision', 'id', 'two'], ['save', scriptFile], ['--nope']]) {
      const r = await run(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^autograd-lab experiments: /);
    }
    const r = await run(['--db', db, 'save', scriptFile, '--json']);
    expect(JSON.parse(r.stderr).error.code).toBe('usage');
    expect(JSON.parse(r.stderr).error.message).toMatch(/save needs --name/);
  });

  it('--help prints usage and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: autograd-lab experiments \[--db PATH\] <command> \[--json\]/);
  });

  it('reports store errors with their code: conflict-free CLI save, trash rules, bad import', async () => {
    const store = ExperimentStore.open(db, { migrationsDir: MIGRATIONS_DIR });
    const e = store.create({ name: 'n', script: 's' });
    store.close();
    expect(JSON.parse((await run(['--db', db, 'purge', e.id, '--json'])).stderr).error.code).toBe('not_in_trash');
    const bad = path.join(dir, 'bad.autograd-lab.json');
    fs.writeFileSync(bad, JSON.stringify({ format: 'autograd-lab', format_version: 1, exported_at: '2025-01-01T00:00:00Z', experiments: [{ id: 'x' }] }));
    const imp = await run(['--db', db, 'import', bad, '--json']);
    expect(imp.code).toBe(1);
    const err = JSON.parse(imp.stderr).error as { code: string; message: string };
    expect(err.code).toBe('invalid_import');
    expect(err.message).toMatch(/experiments\[0\]\.name: /);
    expect((await run(['--db', db, 'list', '--json'])).stdout).toContain('"total":1');
  });
});
