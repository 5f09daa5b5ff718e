// Starts the browser edition from source (for e2e runs before the CLI bundle
// has `serve`): prints the launch URL on its own line, stops on SIGTERM/SIGINT.
//   npx tsx tests/e2e/support/serve.ts --db /tmp/lab.db
import { parseArgs } from 'node:util';
import { startServer } from '../../../main/server/index';

const { values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string' }, static: { type: 'string' } } });
const server = await startServer({
  dbPath: values.db,
  port: values.port ? Number(values.port) : 0,
  staticDir: values.static,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${server.launchUrl}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
