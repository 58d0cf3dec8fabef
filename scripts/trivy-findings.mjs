#!/usr/bin/env node
// The `trivy-findings` bin. The core is TypeScript run through tsx's loader, so the CLI needs no
// build step after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../shared/src/cli/main.ts');
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  color: !!process.stdout.isTTY && !('NO_COLOR' in process.env),
});
process.exitCode = code;
