// `npm run package:lens [-- --out DIR]`: the .tgz that OpenLens 6.5 and Freelens 1.x install from
// their Extensions page. Type-checks against both hosts, bundles, stages what a host needs (the
// bundle, the icon, the README, the CHANGELOG, the LICENSE and a host manifest) and packs it with `npm pack`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundle } from './bundle.js';
import { hostManifest } from './hostManifest.js';

const lensDir = resolve(import.meta.dirname, '..');
const repoDir = resolve(lensDir, '../..');
const ICON = 'media/trivy-findings.svg';

const { values } = parseArgs({ options: { out: { type: 'string', default: repoDir } } });
// Relative to where npm was started (npm runs workspace scripts in the workspace's directory).
const outDir = resolve(process.env.INIT_CWD ?? process.cwd(), values.out);

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    console.error(`${command} ${args.join(' ')} failed${result.error ? `: ${result.error.message}` : ''}`);
    process.exit(1);
  }
  return result.stdout;
}

// The gate: webpack only transpiles, so nothing that fails either host's types is packaged.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
process.stdout.write(run(process.execPath, [tsc, '-b', 'tsconfig.json', 'tsconfig.freelens.json'], lensDir));

const stage = mkdtempSync(join(tmpdir(), 'trivy-findings-lens-'));
try {
  await bundle(join(stage, 'dist'));
  mkdirSync(join(stage, 'media'));
  copyFileSync(join(repoDir, ICON), join(stage, ICON));
  copyFileSync(join(lensDir, 'README.md'), join(stage, 'README.md'));
  copyFileSync(join(lensDir, 'CHANGELOG.md'), join(stage, 'CHANGELOG.md'));
  copyFileSync(join(repoDir, 'LICENSE'), join(stage, 'LICENSE'));
  const workspaceManifest = JSON.parse(readFileSync(join(lensDir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(hostManifest(workspaceManifest), null, 2)}\n`);
  mkdirSync(outDir, { recursive: true });
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', outDir], stage)) as {
    filename: string;
  }[];
  console.log(join(outDir, packed!.filename));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
