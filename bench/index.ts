// `npm run bench`: engine and store figures; `-- --json` prints one JSON object.
import { benchEngine } from './engine_bench';
import { benchStore } from './store_bench';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const engine = await benchEngine(quick);
const store = await benchStore();

if (json) {
  process.stdout.write(JSON.stringify({ ...engine, store }) + '\n');
} else {
  const f = (v: number): string => v.toFixed(2).padStart(9);
  console.log('case                        ms     limit   ratio   tfjs-cpu');
  for (const [k, v] of Object.entries(engine)) {
    console.log(`${k.padEnd(24)}${f(v.ms)} ${f(v.limit_ms)} ${v.ratio_to_limit.toFixed(2).padStart(6)} ${f(v.peer_ms)}`);
  }
  console.log('\nstore (10,000 experiments)  median ms');
  for (const [k, v] of Object.entries(store)) console.log(`${k.padEnd(28)}${v.ms.toFixed(4)}`);
}
