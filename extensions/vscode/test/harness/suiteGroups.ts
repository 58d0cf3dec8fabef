/**
 * The launches of the VS Code suite. Most specs need a trusted workspace (local `trivy` runs);
 * the untrusted ones need VS Code started with workspace trust on and the folder not trusted, which
 * is a property of the whole window; the multi-root ones need a window opened on a `.code-workspace`
 * of several folders (the web workbench reloads the window when a folder is added to a
 * single-folder one, which would end the suite). The code-server launcher starts one window per
 * group; each runs only its own spec files, told by name: `*.untrusted.test.js` are the untrusted
 * group's, `*.multiroot.test.js` the multi-root group's, the others the trusted group's.
 */
export const SUITE_GROUPS = ['trusted', 'untrusted', 'multiroot'] as const;
export type SuiteGroup = (typeof SUITE_GROUPS)[number];

/** The groups whose spec files are told by a suffix; every other spec file is `trusted`'s. */
const SPEC_SUFFIXES: Readonly<Record<Exclude<SuiteGroup, 'trusted'>, string>> = {
  untrusted: '.untrusted.test.js',
  multiroot: '.multiroot.test.js',
};

/** The group of the environment's value (`TEST_ENV.group`): unset or unknown is `trusted`. */
export function suiteGroupOf(value: string | undefined): SuiteGroup {
  return (SUITE_GROUPS as readonly string[]).includes(value ?? '') ? (value as SuiteGroup) : 'trusted';
}

/** The spec files (bundled `.test.js` names) of `group`, sorted. */
export function specFilesOf(files: readonly string[], group: SuiteGroup): string[] {
  const groupOf = (file: string): SuiteGroup =>
    (Object.keys(SPEC_SUFFIXES) as (keyof typeof SPEC_SUFFIXES)[]).find((g) =>
      file.endsWith(SPEC_SUFFIXES[g]),
    ) ?? 'trusted';
  return files
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => groupOf(f) === group)
    .sort();
}
