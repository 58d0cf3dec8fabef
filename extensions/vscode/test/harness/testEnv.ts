/**
 * What a launcher tells the suite running in the extension host, through environment variables
 * (code-server's extension host inherits the server's environment; `@vscode/test-electron` passes
 * `extensionTestsEnv`).
 */
export const TEST_ENV = {
  /** Path of the JSON file the suite writes its {@link SuiteResults} to. */
  results: 'TRIVY_FINDINGS_TEST_RESULTS',
  /** Base URL of the launcher's UI driver (see `uiDriverProtocol.ts`); unset when there is none. */
  uiDriver: 'TRIVY_FINDINGS_UI_DRIVER',
  /** Base URL of the launcher's fake clusters (see `clusterControlProtocol.ts`); unset when there are none. */
  clusterControl: 'TRIVY_FINDINGS_CLUSTER_CONTROL',
  /** Only run the specs whose full title contains this text. */
  grep: 'TRIVY_FINDINGS_TEST_GREP',
  /** Which launch this is (`harness/suiteGroups.ts`): its specs are the ones run; unset is `trusted`. */
  group: 'TRIVY_FINDINGS_TEST_GROUP',
  /** The fake `trivy`'s argv log (one JSON line per run, `FAKE_TRIVY_ARGV_LOG`); unset when not logged. */
  trivyLog: 'TRIVY_FINDINGS_TRIVY_LOG',
} as const;
