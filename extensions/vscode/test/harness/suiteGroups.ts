/**
 * The launches of the VS Code suite. Most specs need a trusted workspace (local `trivy` runs);
 * the untrusted ones need VS Code started with workspace trust on and the folder not trusted, which
 * is a property of the whole window. The code-server launcher starts one window per group; each
 * runs only its own spec files, told by name: `*.untrusted.test.js` are the untrusted group's.
 */
export const SUITE_GROUPS = ['trusted', 'untrusted'] as const;
export type SuiteGroup = (typeof SUITE_GROUPS)[number];

/** The group of the environment's value (`TEST_ENV.group`): unset or unknown is `trusted`. */
export function suiteGroupOf(value: string | undefined): SuiteGroup {
  return value === 'untrusted' ? 'untrusted' : 'trusted';
}

/** The spec files (bundled `.test.js` names) of `group`, sorted. */
export function specFilesOf(files: readonly string[], group: SuiteGroup): string[] {
  return files
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => f.endsWith('.untrusted.test.js') === (group === 'untrusted'))
    .sort();
}
