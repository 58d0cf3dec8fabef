// `vsix: <MB> (goal ≤ 1.5)`: the size of the production .vsix a person installs, as
// `npm run package` builds it (webpack production bundles, then vsce, offline). Built in a child
// process: webpack's memory must not count in this process's peak-memory figure.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const extension = join(repo, 'extensions', 'vscode');

/** The goal, in MB (10^6 bytes, as the marketplace and vsce print sizes). */
const GOAL_MB = 1.5;

export function benchVsixSize(print: (line: string) => void): void {
  const npm = process.env.npm_execpath;
  // Under `npm run bench` npm names its own CLI; run directly, `npm` from PATH does the same.
  const [command, args] = npm
    ? [process.execPath, [npm, 'run', '--silent', 'package']]
    : ['npm', ['run', '--silent', 'package']];
  const built = spawnSync(command, args, { cwd: repo, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the .vsix did not build:\n${built.stdout}\n${built.stderr}`);
  const { name, version } = JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const bytes = statSync(join(extension, `${name}-${version}.vsix`)).size;
  print(`vsix: ${(bytes / 1e6).toFixed(2)} MB (goal ≤ ${GOAL_MB})`);
}
