import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { CodeServerDirs } from '../../../../scripts/vscode/codeServer.js';
import { QUIET_WORKBENCH_SETTINGS } from '../../../../scripts/vscode/quietSettings.js';

/** The extension folder (`extensionDevelopmentPath`) and the repository root. */
export const EXTENSION_DIR = resolve(__dirname, '..', '..');
export const REPO_DIR = resolve(EXTENSION_DIR, '..', '..');
/** The suite bundle the launchers pass as `extensionTestsPath` (`npm run build:test`). */
export const SUITE_INDEX = join(EXTENSION_DIR, 'out', 'test', 'suite', 'index.js');
/** Where screenshots and the logs of a run are kept (git-ignored). */
export const ARTIFACTS_DIR = join(REPO_DIR, '.tmp', 'vscode-test');

/** The folders of one run, all below one temporary directory removed by `dispose`. */
export interface TestRun extends CodeServerDirs {
  readonly root: string;
  /**
   * What VS Code opens: the folder of the Helm chart of the fixtures and real scan files, or for
   * a multi-root run the `.code-workspace` of {@link MULTI_ROOT_FOLDERS}.
   */
  readonly workspace: string;
  /** The folder the fake clusters write `kubectl get deployment nginx -o yaml` into (`k8s/`). */
  readonly manifestFolder: string;
  /** Set for a multi-root run: `workspace` is a `.code-workspace` file, opened as `?workspace=`. */
  readonly multiRoot?: true;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Where the suite writes its results (`TEST_ENV.results`). */
  readonly resultsFile: string;
  /** Where the fake `trivy` logs each run's argv (`FAKE_TRIVY_ARGV_LOG`, `TEST_ENV.trivyLog`). */
  readonly trivyLog: string;
  dispose(): void;
}

/**
 * A fresh run: empty user-data and extensions folders, so no setting or extension of the
 * machine's VS Code leaks in, and a copy of the fixtures as workspace, so tests may write to it:
 * the Helm chart of test/fixtures/trivy/inputs with real scan files in `scans/`.
 */
export function prepareTestRun(
  options: { readonly untrusted?: boolean; readonly multiRoot?: boolean } = {},
): TestRun {
  const root = mkdtempSync(join(tmpdir(), 'trivy-findings-vscode-'));
  const folders = options.multiRoot
    ? MULTI_ROOT_FOLDERS.map((name) => join(root, 'multi-root', name))
    : [join(root, 'helm-testchart')];
  const chart = folders[0]!;
  const fixtures = join(REPO_DIR, 'test', 'fixtures', 'trivy');
  cpSync(join(fixtures, 'inputs', 'helm_testchart'), chart, { recursive: true });
  mkdirSync(join(chart, 'scans'));
  for (const fixture of SCAN_FIXTURES)
    cpSync(join(REPO_DIR, 'test', 'fixtures', fixture), join(chart, 'scans', basename(fixture)));
  for (const folder of folders) mkdirSync(folder, { recursive: true });
  let workspace = chart;
  if (options.multiRoot) {
    workspace = join(root, 'multi-root', 'multi-root.code-workspace');
    writeFileSync(
      workspace,
      JSON.stringify({ folders: MULTI_ROOT_FOLDERS.map((path) => ({ path })), settings: {} }, null, 2),
    );
  }
  const userDataDir = join(root, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      { ...QUIET_SETTINGS, ...EXTENSION_SETTINGS, ...(options.untrusted ? UNTRUSTED_SETTINGS : {}) },
      null,
      2,
    ),
  );
  // The trivy path is machine-scoped: with a remote extension host (code-server) VS Code takes it
  // from the machine's settings only, never from the browser user's.
  mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
  writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(EXTENSION_SETTINGS, null, 2));
  const extensionsDir = join(root, 'extensions');
  mkdirSync(extensionsDir);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return {
    root,
    workspace,
    // The last folder of a multi-root run: its cluster findings are judged by the others' files too.
    manifestFolder: folders[folders.length - 1]!,
    ...(options.multiRoot ? { multiRoot: true as const } : {}),
    userDataDir,
    extensionsDir,
    resultsFile: join(root, 'results.json'),
    trivyLog: join(root, 'trivy-argv.log'),
    ...(options.untrusted ? { workspaceTrust: true } : {}),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * The folders of the multi-root run's `.code-workspace`, in its order: the Helm chart with the scan
 * files (as the single folder of the other runs), and `ops` with the manifest kubectl wrote.
 */
export const MULTI_ROOT_FOLDERS = ['chart', 'ops'] as const;

/**
 * The real scan files the workspace holds in `scans/`, one of each kind the viewer is tested on:
 * the chart's own Trivy report, an image scan as Trivy JSON and as SARIF, and Trivy Operator
 * reports saved with `kubectl get -o json` and `-o yaml`.
 */
const SCAN_FIXTURES = [
  'trivy/config_helm-testchart_trivy-json.json',
  'trivy/image_alpine-3.10_trivy-json.json',
  'trivy/image_alpine-3.10_trivy-sarif.json',
  'reports/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json',
  'reports/vulnerabilityreportlist_pod-zipkin_wg-trivy-adapter.yaml',
];

/**
 * The extension's settings for the suite: the repository's fake `trivy` (real argv, real output),
 * and no scan on open or save unless a spec turns it on, so the scan file specs count only their
 * own diagnostics.
 */
export const FAKE_TRIVY = join(REPO_DIR, 'test', 'doubles', 'fakeTrivy', 'bin', 'trivy');
const EXTENSION_SETTINGS = {
  'trivyFindings.trivy.path': FAKE_TRIVY,
  'trivyFindings.scanOnSave': false,
};

/** The quiet workbench, with no workspace-trust prompt over the suite. */
export const QUIET_SETTINGS = {
  ...QUIET_WORKBENCH_SETTINGS,
  'security.workspace.trust.enabled': false,
};

/**
 * The untrusted launch: trust on, and the folder left untrusted. No start-up dialog asks (it
 * would cover the workbench until answered); the workbench opens in restricted mode, as it does
 * for a person who chose "Don't Trust".
 */
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
};
