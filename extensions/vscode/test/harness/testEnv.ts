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
  /** Only run the specs whose full title contains this text. */
  grep: 'TRIVY_FINDINGS_TEST_GREP',
} as const;
