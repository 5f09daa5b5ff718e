// Runs `experiments …` as a real process for the CLI tests, the way the
// autograd-lab binary will: `node --import tsx tests/store/cli_entry.ts list --json`.
import { runExperimentsCommand } from '../../main/cli/experiments_command';

const code = await runExperimentsCommand(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
process.exitCode = code;
