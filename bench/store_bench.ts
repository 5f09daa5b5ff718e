// Experiment-store figures on a temporary database of 10,000 experiments of
// about 2 KB each (issue 5 targets: list < 1 ms, get < 0.1 ms, save < 2 ms,
// search < 5 ms). Medians over many runs.
//   standalone: node --import tsx bench/store_bench.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExperimentStore } from '../main/store/index';

const N = 10_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(runs: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(20, runs); i++) fn(i); // warm up statement caches
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** ~2 KB of script; every 100th experiment mentions "hessian" (a selective search term). */
function script(i: number): string {
  let s = `import torch\ntorch.manual_seed(${i})\nx = torch.randn(${(i % 30) + 2}, requires_grad=True)\n`;
  s += i % 100 === 0 ? 'h = torch.autograd.functional.hessian(f, x)\n' : 'loss = (x ** 2 - 5).sum()\nloss.backward()\n';
  while (s.length < 2000) s += `# note ${i}-${s.length}: gradients accumulate with += in .grad\n`;
  return s;
}

export async function benchStore(): Promise<Record<string, { ms: number }>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autograd-lab-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  try {
    let store = ExperimentStore.open(file);
    const ids: string[] = [];
    const tFill = performance.now();
    store.db.transaction(() => {
      for (let i = 0; i < N; i++) ids.push(store.create({ name: `experiment ${i}`, notes: i % 7 === 0 ? 'tried a smaller learning rate' : '', script: script(i), seed: i, builder_state: { version: 1, leaf: 'x' } }).id);
    })();
    const fillMs = performance.now() - tFill;
    store.close();

    const openMs = time(5, () => ExperimentStore.open(file).close());
    const openNoCheckMs = time(5, () => ExperimentStore.open(file, { integrityCheck: 'none' }).close());
    store = ExperimentStore.open(file);
    const revisions = new Map(ids.map((id) => [id, 1]));
    const pick = (i: number) => ids[(i * 7919) % ids.length];

    const results: Record<string, { ms: number }> = {
      'store: fill 10k (one transaction)': { ms: fillMs },
      'store: open + quick_check': { ms: openMs },
      'store: open, no integrity check': { ms: openNoCheckMs },
      'store: list newest 50': { ms: time(300, () => store.list({ limit: 50 })) },
      'store: get by id': { ms: time(3000, (i) => store.get(pick(i))) },
      'store: save (new revision, fsync)': {
        ms: time(300, (i) => {
          const id = pick(i + 1);
          const rev = revisions.get(id)!;
          revisions.set(id, store.save(id, rev, { script: script(i) + `# edit ${i}\n` }).revision);
        }),
      },
      // The store runs synchronous=FULL (an fsync per save, for power-loss
      // durability); this row shows what that fsync costs on this disk.
      'store: save with synchronous=NORMAL (comparison)': {
        ms: (() => {
          store.db.pragma('synchronous = NORMAL');
          const ms = time(300, (i) => {
            const id = pick(i + 5);
            revisions.set(id, store.save(id, revisions.get(id)!, { notes: `edit ${i}` }).revision);
          });
          store.db.pragma('synchronous = FULL');
          return ms;
        })(),
      },
      'store: search, 1% match (100 rows)': { ms: time(200, () => store.list({ search: 'hessian', limit: 50 })) },
      'store: search, 14% match': { ms: time(100, () => store.list({ search: 'learning rate', limit: 50 })) },
      'store: search, every row matches': { ms: time(50, () => store.list({ search: 'backward', limit: 50 })) },
    };
    store.close();
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const results = await benchStore();
  const width = Math.max(...Object.keys(results).map((k) => k.length));
  for (const [name, { ms }] of Object.entries(results)) console.log(`${name.padEnd(width)}  ${ms.toFixed(3).padStart(10)} ms`);
}
