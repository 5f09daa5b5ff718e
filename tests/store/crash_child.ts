// Child process for the SIGKILL crash test:
//   node --import tsx tests/store/crash_child.ts DBPATH
// Opens the store, prints "ready", then saves forever. After each save has
// returned (its transaction committed) it writes "<id> <revision>" on stdout
// with a synchronous write, so every line the parent reads is an
// acknowledged save that must survive the kill.
import fs from 'node:fs';
import { ExperimentStore } from '../../main/store/index';
import { MIGRATIONS_DIR, sampleScript } from './helpers';

const file = process.argv[2];
if (!file) throw new Error('usage: crash_child.ts DBPATH');
const store = ExperimentStore.open(file, { migrationsDir: MIGRATIONS_DIR });
fs.writeSync(1, 'ready\n');

const mine: Array<{ id: string; revision: number }> = [];
const result = { values: Array.from({ length: 500 }, (_, i) => Math.sin(i)) }; // ~10 KB snapshot
for (let i = 0; ; i++) {
  if (mine.length === 0 || Math.random() < 0.5) {
    const s = store.create({ name: `crash ${process.pid} ${i}`, script: sampleScript(i, `pid ${process.pid}`), seed: i, builder_state: { version: 1, i }, last_result: result });
    mine.push({ id: s.id, revision: s.revision });
    fs.writeSync(1, `${s.id} ${s.revision}\n`);
  } else {
    const target = mine[Math.floor(Math.random() * mine.length)];
    const s = store.save(target.id, target.revision, { script: sampleScript(i, `edit ${i}`), seed: i, last_result: result });
    target.revision = s.revision;
    fs.writeSync(1, `${s.id} ${s.revision}\n`);
  }
}
