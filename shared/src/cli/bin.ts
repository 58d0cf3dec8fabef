import { main } from './main.js';

// The `trivy-findings` bin: the process's streams and terminal, then main's exit code. Bundled
// into dist/cli/ by scripts/buildCli.mjs; scripts/trivy-findings.mjs runs it through tsx.
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  color: !!process.stdout.isTTY && !('NO_COLOR' in process.env),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
});
process.exitCode = code;
