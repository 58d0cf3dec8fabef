// `node scripts/buildCli.mjs [--out DIR]`: bundles the `trivy-findings` CLI into one ES module,
// dist/cli/trivy-findings.mjs, that plain Node 20 runs with no node_modules and no tsx: the
// core and its dependencies (client-node, yaml, js-yaml, picocolors) are bundled in. The root
// package's `bin` points at it; `npm run findings` builds it before running it.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'dist/cli') } } });
const outfile = join(values.out, 'trivy-findings.mjs');
await build({
  entryPoints: [join(root, 'shared/src/cli/bin.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // client-node and its dependencies are CommonJS that calls `require` for Node's modules; an ES
  // module has no `require`, so the bundle makes one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  legalComments: 'linked',
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
