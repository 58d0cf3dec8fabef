// Installs code-server (the whole VS Code server and web workbench, published on npm) into
// .tmp/code-server/ on first use, so the VS Code suite runs in a real VS Code on machines that can
// reach only the npm registry and Debian. A second run finds the marker file and does nothing.
//
// code-server's own postinstall cannot run here (it refuses root without unsafe-perm, and
// @vscode/ripgrep downloads rg from GitHub), so its steps are done one by one, as checked in
// ../shared/notes/real-vscode-tests.md: install without scripts, install VS Code's own production
// dependencies, link Debian's rg, rebuild the native modules Linux needs, then what postinstall.sh
// would have done. `node --import tsx scripts/vscode/installCodeServer.ts [--force]`.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMissing, missingDebianPackages } from './debianPackages.js';

/** VS Code 1.100.3: the newest code-server whose server accepts Node 20 (engines `node: 20`). */
export const CODE_SERVER_VERSION = '4.100.3';

const repo = fileURLToPath(new URL('../../', import.meta.url));
/** The cache folder (git-ignored): `.tmp/` survives `npm ci`, so the suite does not reinstall. */
export const CODE_SERVER_DIR = join(repo, '.tmp', 'code-server');
const MARKER = join(CODE_SERVER_DIR, 'installed.json');

/** The script to start code-server with `node`. */
export const codeServerEntry = (dir: string = CODE_SERVER_DIR): string =>
  join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** The version recorded by a finished install in `dir`, or `undefined`. */
export function installedVersion(dir: string = CODE_SERVER_DIR): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'installed.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Native modules of VS Code's server that must be compiled for this Node (the rest is JavaScript). */
const NATIVE_MODULES = [
  '@parcel/watcher',
  '@vscode/deviceid',
  '@vscode/spdlog',
  'kerberos',
  'native-watchdog',
  'node-pty',
];

function install(): void {
  const force = process.argv.includes('--force');
  if (!force && installedVersion() === CODE_SERVER_VERSION) {
    console.log(`code-server ${CODE_SERVER_VERSION} is installed in ${relative(repo, CODE_SERVER_DIR)}`);
    return;
  }
  const missing = missingDebianPackages();
  if (missing.length > 0) {
    console.error(describeMissing(missing));
    process.exit(1);
  }

  const started = Date.now();
  // A half-finished install (no marker) is not trusted: start again from an empty folder.
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  const log = join(CODE_SERVER_DIR, 'install.log');
  writeFileSync(
    join(CODE_SERVER_DIR, 'package.json'),
    JSON.stringify({ name: 'code-server-cache', private: true, description: 'see installCodeServer.mjs' }),
  );
  console.log(
    `installing code-server ${CODE_SERVER_VERSION} into ${relative(repo, CODE_SERVER_DIR)} (log: ${relative(repo, log)})`,
  );

  const pkg = join(CODE_SERVER_DIR, 'node_modules', 'code-server');
  const vscode = join(pkg, 'lib', 'vscode');
  const step = (title: string, cwd: string, args: string[]) => run(title, cwd, args, log);

  step('code-server, without install scripts', CODE_SERVER_DIR, [
    'install',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    `code-server@${CODE_SERVER_VERSION}`,
  ]);
  step("VS Code's production dependencies", vscode, [
    'install',
    '--omit=dev',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
  ]);
  linkRipgrep(vscode);
  step('native modules of the VS Code server', vscode, ['rebuild', ...NATIVE_MODULES]);
  // What code-server's postinstall.sh does besides the above.
  symlink('node_modules', join(vscode, 'node_modules.asar'));
  symlink('code-linux.sh', join(vscode, 'bin', 'remote-cli', 'code-server'));
  symlink('browser-linux.sh', join(vscode, 'bin', 'helpers', 'browser.sh'));
  step("dependencies of VS Code's built-in extensions", join(vscode, 'extensions'), [
    'install',
    '--omit=dev',
    '--no-audit',
    '--no-fund',
  ]);
  step("code-server's password hashing module", CODE_SERVER_DIR, ['rebuild', 'argon2']);

  writeFileSync(
    MARKER,
    JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() }),
  );
  console.log(
    `code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

/** Runs npm in `cwd`, output to the log; on failure prints the log's tail and exits. */
function run(title: string, cwd: string, args: string[], log: string): void {
  const t0 = Date.now();
  appendFileSync(log, `\n$ (cd ${cwd} && npm ${args.join(' ')})\n`);
  const result = spawnSync('npm', args, {
    cwd,
    env: npmEnv(),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  appendFileSync(log, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    console.error(`${title}: npm ${args.join(' ')} failed in ${cwd}\n${tail || result.error?.message}`);
    process.exit(1);
  }
  console.log(`  ${title} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

/**
 * The environment of the nested npm runs: without the npm_config_* of an enclosing `npm run`
 * (its workspace flags would redirect the install), confirming npx prompts (node-pty's build calls
 * `npx node-gyp`), and with Node's headers from the local Node install, since node-gyp would
 * otherwise download them.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)),
  );
  env.npm_config_yes = 'true';
  env.npm_config_update_notifier = 'false';
  const nodeDir = dirname(dirname(process.execPath));
  if (existsSync(join(nodeDir, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodeDir;
  return env;
}

/** @vscode/ripgrep's postinstall would download rg from GitHub; Debian's is used instead. */
function linkRipgrep(vscode: string): void {
  const bin = join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(bin, { recursive: true });
  symlink('/usr/bin/rg', join(bin, 'rg'));
  console.log('  ripgrep linked to /usr/bin/rg');
}

function symlink(target: string, path: string): void {
  rmSync(path, { force: true });
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
}

// Imported by the launcher for its paths; installs only when run as a script.
if (process.argv[1] === fileURLToPath(import.meta.url)) install();
