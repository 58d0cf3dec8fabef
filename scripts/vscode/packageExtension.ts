// Packs the built extension (`npm run build -w extensions/vscode` first; `npm run package` does
// both) into a .vsix with vsce, offline: `--no-dependencies`, since everything the extension runs
// is bundled into dist/ and package.json has no dependencies. vsce lists the files; this prints the size.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const extension = join(repo, 'extensions', 'vscode');

function main(): number {
  for (const built of [
    'dist/extension.js',
    'dist/webview/scanViewer.js',
    'dist/webview/scanViewer.css',
    'media/icon.png',
    'LICENSE',
  ])
    if (!existsSync(join(extension, built))) {
      console.error(`${built} is missing: run npm run build -w extensions/vscode first`);
      return 1;
    }
  const { name, version } = JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const vsix = join(extension, `${name}-${version}.vsix`);
  const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
    cwd: extension,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) return result.status ?? 1;
  console.log(`\n${relative(repo, vsix)}: ${(statSync(vsix).size / 1024).toFixed(0)} KiB`);
  console.log(`install with: code --install-extension ${relative(repo, vsix)}`);
  return 0;
}

process.exit(main());
