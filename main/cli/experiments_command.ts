// `autograd-lab experiments [--db PATH] <command> [--json]`: the experiment
// store from a terminal, for power users and backups. With --json every
// command prints exactly one JSON object on stdout; errors go to stderr with
// exit code 1 (as a JSON object `{"error": {...}}` in --json mode).

import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ExperimentStore, StoreError, ConflictError, resolveDatabasePath } from '../store/index';
import type { ExperimentSummary } from '../store/index';

export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

type OptionSpec = { type: 'string' | 'boolean' };

interface CommandSpec {
  args: string[];
  options: Record<string, OptionSpec>;
  run: (ctx: Context) => Output;
}

interface Context {
  store: ExperimentStore;
  args: string[];
  opts: Record<string, string | boolean | undefined>;
}

/** What a command produced: the --json object and the human-readable text. */
interface Output {
  json: Record<string, unknown>;
  text: string;
}

class UsageError extends Error {}

export const EXPERIMENTS_USAGE = `Usage: autograd-lab experiments [--db PATH] <command> [--json]

Commands:
  list [--search TEXT] [--limit N] [--offset N] [--trash]   newest first
  save FILE --name NAME [--id ID] [--seed N]                 prints the id
  show ID                                                   script, name, seed, revisions, updated time
  history ID                                                revisions, newest first
  restore-revision ID REV                                   save revision REV again as the newest
  rename ID NAME
  duplicate ID                                              prints the new id
  delete ID                                                 move to the trash
  restore ID                                                bring back from the trash
  purge ID                                                  delete for good (must be in the trash)
  export OUT [--id ID]                                      all live experiments, or one
  import IN

Options:
  --db PATH   database file (default: $AUTOGRAD_LAB_DB, else the desktop app's database)
  --json      print one JSON object per command
`;

const COMMANDS: Record<string, CommandSpec> = {
  list: {
    args: [],
    options: { search: { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' }, trash: { type: 'boolean' } },
    run: ({ store, opts }) => {
      const r = store.list({
        search: opts.search as string | undefined,
        limit: opts.limit === undefined ? 50 : intArg(opts.limit as string, '--limit'),
        offset: opts.offset === undefined ? 0 : intArg(opts.offset as string, '--offset'),
        trash: opts.trash === true,
      });
      const lines = r.experiments.map((e) => `${e.id}  ${(opts.trash ? e.deleted_at : e.updated_at) ?? ''}  r${e.revision}  ${e.name}`);
      const where = opts.trash ? 'in the trash' : '';
      const footer =
        r.total === 0
          ? opts.trash ? 'The trash is empty.' : 'No experiments.'
          : `${r.offset + 1}-${r.offset + r.experiments.length} of ${r.total} experiment(s) ${where}`.trimEnd();
      return { json: { experiments: r.experiments, total: r.total, limit: r.limit, offset: r.offset }, text: [...lines, footer].join('\n') };
    },
  },
  save: {
    args: ['FILE'],
    options: { name: { type: 'string' }, id: { type: 'string' }, seed: { type: 'string' } },
    run: ({ store, args, opts }) => {
      const script = readScript(args[0]);
      const seed = opts.seed === undefined ? undefined : intArg(opts.seed as string, '--seed');
      let saved: ExperimentSummary;
      if (opts.id !== undefined) {
        const current = store.get(opts.id as string);
        saved = store.save(current.id, current.revision, { script, ...(opts.name !== undefined ? { name: opts.name as string } : {}), ...(seed !== undefined ? { seed } : {}) });
      } else {
        if (opts.name === undefined) throw new UsageError('save needs --name NAME (or --id ID to save a new revision of an existing experiment)');
        saved = store.create({ name: opts.name as string, script, ...(seed !== undefined ? { seed } : {}) });
      }
      return { json: { id: saved.id, revision: saved.revision }, text: saved.id };
    },
  },
  show: {
    args: ['ID'],
    options: {},
    run: ({ store, args }) => {
      const e = store.get(args[0]);
      const revisions = store.revisionCount(e.id);
      const json = {
        id: e.id,
        name: e.name,
        script: e.script,
        seed: e.seed,
        revisions,
        revision: e.revision,
        updated_at: e.updated_at,
        created_at: e.created_at,
        notes: e.notes,
        engine_version: e.engine_version,
        deleted_at: e.deleted_at,
        builder_state: e.builder_state,
        has_result: e.last_result !== null,
      };
      const header = [
        `id:        ${e.id}`,
        `name:      ${e.name}`,
        `seed:      ${e.seed ?? '(none)'}`,
        `revisions: ${revisions} (current: ${e.revision})`,
        `updated:   ${e.updated_at}`,
        ...(e.deleted_at ? [`in trash:  since ${e.deleted_at}`] : []),
        ...(e.notes ? [`notes:     ${e.notes.replace(/\n/g, '\n           ')}`] : []),
      ];
      return { json, text: `${header.join('\n')}\n\n${e.script.replace(/\n$/, '')}` };
    },
  },
  history: {
    args: ['ID'],
    options: {},
    run: ({ store, args }) => {
      const revisions = store.history(args[0]);
      const lines = revisions.map((r) => `r${r.revision}  ${r.saved_at}  seed=${r.seed ?? '-'}  ${r.name}`);
      return { json: { id: args[0], revisions }, text: lines.join('\n') };
    },
  },
  'restore-revision': {
    args: ['ID', 'REV'],
    options: {},
    run: ({ store, args }) => {
      const rev = intArg(args[1], 'REV');
      const saved = store.restoreRevision(args[0], rev);
      return { json: { id: saved.id, revision: saved.revision, restored_from: rev }, text: `Restored revision ${rev} of ${saved.id} as revision ${saved.revision}` };
    },
  },
  rename: {
    args: ['ID', 'NAME'],
    options: {},
    run: ({ store, args }) => {
      const saved = store.rename(args[0], args[1]);
      return { json: { id: saved.id, name: saved.name, revision: saved.revision }, text: `Renamed ${saved.id} to "${saved.name}" (revision ${saved.revision})` };
    },
  },
  duplicate: {
    args: ['ID'],
    options: {},
    run: ({ store, args }) => {
      const copy = store.duplicate(args[0]);
      return { json: { id: copy.id, source_id: args[0], name: copy.name, revision: copy.revision }, text: copy.id };
    },
  },
  delete: {
    args: ['ID'],
    options: {},
    run: ({ store, args }) => {
      const e = store.delete(args[0]);
      return { json: { id: e.id, deleted_at: e.deleted_at }, text: `Moved ${e.id} ("${e.name}") to the trash; undo with: autograd-lab experiments restore ${e.id}` };
    },
  },
  restore: {
    args: ['ID'],
    options: {},
    run: ({ store, args }) => {
      const e = store.restore(args[0]);
      return { json: { id: e.id, deleted_at: null }, text: `Restored ${e.id} ("${e.name}") from the trash` };
    },
  },
  purge: {
    args: ['ID'],
    options: {},
    run: ({ store, args }) => {
      store.purge(args[0]);
      return { json: { id: args[0], purged: true }, text: `Purged ${args[0]} for good` };
    },
  },
  export: {
    args: ['OUT'],
    options: { id: { type: 'string' } },
    run: ({ store, args, opts }) => {
      const r = store.exportToFile(args[0], opts.id === undefined ? undefined : [opts.id as string]);
      return { json: { path: r.path, exported: r.exported, ids: r.ids }, text: `Exported ${r.exported} experiment(s) to ${r.path}` };
    },
  },
  import: {
    args: ['IN'],
    options: {},
    run: ({ store, args }) => {
      const r = store.importFile(args[0]);
      const lines = [`Imported ${r.imported} experiment(s)`, ...r.ids];
      for (const { from, to } of r.renamed) lines.push(`note: id ${from} was already taken; imported as ${to}`);
      return { json: { imported: r.imported, ids: r.ids, renamed: r.renamed }, text: lines.join('\n') };
    },
  },
};

const GLOBAL_OPTIONS: Record<string, OptionSpec & { short?: string }> = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export async function runExperimentsCommand(argv: string[], io: CommandIo): Promise<number> {
  const wantsJson = argv.includes('--json');
  const fail = (code: string, message: string, extra: Record<string, unknown> = {}): number => {
    io.stderr(wantsJson ? `${JSON.stringify({ error: { code, message, ...extra } })}\n` : `autograd-lab experiments: ${message}\n`);
    return 1;
  };

  let parsed: ReturnType<typeof parseAll>;
  try {
    parsed = parseAll(argv);
  } catch (e) {
    return fail('usage', `${(e as Error).message}\n\n${EXPERIMENTS_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(EXPERIMENTS_USAGE);
    return 0;
  }
  const [name, ...args] = positionals;
  if (name === undefined) return fail('usage', `missing command\n\n${EXPERIMENTS_USAGE}`);
  const spec = COMMANDS[name];
  if (!spec) return fail('usage', `unknown command "${name}"\n\n${EXPERIMENTS_USAGE}`);

  const allowed = new Set([...Object.keys(GLOBAL_OPTIONS), ...Object.keys(spec.options)]);
  const misplaced = Object.keys(values).filter((k) => !allowed.has(k));
  if (misplaced.length > 0) return fail('usage', `${name} does not take ${misplaced.map((k) => `--${k}`).join(', ')}`);
  if (args.length !== spec.args.length) {
    return fail('usage', `${name} takes ${spec.args.length === 0 ? 'no arguments' : spec.args.join(' ')}, got ${args.length === 0 ? 'none' : args.map((a) => JSON.stringify(a)).join(' ')}`);
  }

  let store: ExperimentStore | undefined;
  try {
    store = ExperimentStore.open(resolveDatabasePath(values.db as string | undefined));
    const recovered = store.recoveredFromCorruption;
    if (recovered) {
      io.stderr(`warning: the database was corrupt (${recovered.reason}); it was moved to ${recovered.movedTo} and a new empty database was created\n`);
    }
    const out = spec.run({ store, args, opts: values });
    io.stdout(wantsJson ? `${JSON.stringify(out.json)}\n` : `${out.text}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) return fail('usage', e.message);
    if (e instanceof ConflictError) return fail(e.code, e.message, { current_revision: e.currentRevision });
    if (e instanceof StoreError) return fail(e.code, e.message);
    return fail('internal', e instanceof Error ? e.message : String(e));
  } finally {
    store?.close();
  }
}

function parseAll(argv: string[]) {
  const options: Record<string, OptionSpec & { short?: string }> = { ...GLOBAL_OPTIONS };
  for (const spec of Object.values(COMMANDS)) Object.assign(options, spec.options);
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  return { values: values as Record<string, string | boolean | undefined>, positionals };
}

function intArg(text: string, what: string): number {
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`${what} must be an integer, got "${text}"`);
  return Number(text);
}

function readScript(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new StoreError('not_found', `Cannot read the script file ${file}: ${(e as Error).message}`, { cause: e });
  }
}
