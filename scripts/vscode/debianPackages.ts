// What the VS Code test suite needs from Debian, each with a file that proves it is installed, so
// a missing one is named exactly instead of surfacing as a node-gyp or Playwright stack trace.
// .ci/run installs those this script prints as missing (`node --import tsx scripts/vscode/debianPackages.ts`);
// the code-server installer and the launcher check them.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A Debian package and the file that shows it is installed. */
export interface DebianRequirement {
  readonly pkg: string;
  readonly file: string;
  readonly why: string;
}

export const DEBIAN_REQUIREMENTS: readonly DebianRequirement[] = [
  {
    pkg: 'chromium',
    file: '/usr/bin/chromium',
    why: 'the headless browser that opens the VS Code workbench',
  },
  { pkg: 'ripgrep', file: '/usr/bin/rg', why: "VS Code's search (linked where @vscode/ripgrep expects it)" },
  { pkg: 'libkrb5-dev', file: '/usr/include/gssapi/gssapi.h', why: "headers for VS Code's kerberos module" },
  { pkg: 'libx11-dev', file: '/usr/include/X11/Xlib.h', why: "headers for VS Code's native modules" },
  {
    pkg: 'libxkbfile-dev',
    file: '/usr/include/X11/extensions/XKBfile.h',
    why: "headers for VS Code's keyboard layout module",
  },
  {
    pkg: 'libsecret-1-dev',
    file: '/usr/include/libsecret-1/libsecret/secret.h',
    why: "headers for VS Code's secret storage module",
  },
  { pkg: 'g++', file: '/usr/bin/g++', why: 'compiles the native modules (node-gyp)' },
  { pkg: 'make', file: '/usr/bin/make', why: 'builds the native modules (node-gyp)' },
  { pkg: 'python3', file: '/usr/bin/python3', why: 'runs node-gyp' },
];

/** The package names, in the order `apt-get install` takes them. */
export const DEBIAN_PACKAGES = DEBIAN_REQUIREMENTS.map((r) => r.pkg);

/**
 * The requirements whose proof file is absent. `exists` is injectable so the check is testable
 * without uninstalling anything.
 */
export function missingDebianPackages(
  requirements: readonly DebianRequirement[] = DEBIAN_REQUIREMENTS,
  exists: (path: string) => boolean = existsSync,
): DebianRequirement[] {
  return requirements.filter((r) => !exists(r.file));
}

/** The message for missing packages: which, why, and the one command that installs them. */
export function describeMissing(missing: readonly DebianRequirement[]): string {
  const lines = missing.map((r) => `  - ${r.pkg} (${r.file} is missing): ${r.why}`);
  return [
    `missing Debian package${missing.length === 1 ? '' : 's'}:`,
    ...lines,
    `install with: apt-get update && apt-get install -y ${missing.map((r) => r.pkg).join(' ')}`,
  ].join('\n');
}

/** Where Debian installs Chromium; Playwright drives it instead of downloading a browser of its own. */
export const chromiumPath = () => '/usr/bin/chromium';

/** Flags for a quiet headless Chromium that calls no one (see ../shared/notes/real-vscode-tests.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// As a script: the names of the missing packages, space-separated, for `apt-get install`.
if (process.argv[1] === fileURLToPath(import.meta.url))
  console.log(
    missingDebianPackages()
      .map((r) => r.pkg)
      .join(' '),
  );
