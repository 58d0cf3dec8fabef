// `npm start`: the demo. Builds the VS Code extension (development build), starts a local
// Kubernetes API server (the fake that speaks the real protocol) seeded with the real report
// fixtures and generated workloads that change while you watch, writes its kubeconfig, prepares a
// workspace of real manifests and saved scans, and opens it with the extension loaded: in the local
// `code` when there is one, else in code-server at a printed address. Ctrl-C stops all it started.
//   npm start [-- --editor auto|code|code-server|none] [--generate N] [--replay-interval MS]
//             [--dir DIR] [--no-build]
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_CONTEXT, startDemoCluster, type DemoCluster } from './demoCluster.js';
import { findOnPath, openInCode, openInCodeServer, type DemoEditor } from './demoEditor.js';
import { prepareDemoWorkspace } from './demoWorkspace.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const EDITORS = ['auto', 'code', 'code-server', 'none'] as const;
type EditorChoice = (typeof EDITORS)[number];

function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        editor: { type: 'string', default: 'auto' },
        generate: { type: 'string', default: '60' },
        'replay-interval': { type: 'string', default: '4000' },
        dir: { type: 'string', default: join(repo, '.tmp', 'demo') },
        'no-build': { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (e) {
    return fail((e as Error).message);
  }
})();
const editor = values.editor as EditorChoice;
if (!EDITORS.includes(editor)) fail(`--editor must be one of ${EDITORS.join(', ')}, not ${values.editor}`);
const generate = Number(values.generate);
if (!Number.isInteger(generate) || generate < 0) fail(`--generate must be a count, not ${values.generate}`);
const replayInterval = Number(values['replay-interval']);
if (!Number.isInteger(replayInterval) || (replayInterval !== 0 && replayInterval < 100))
  fail(`--replay-interval must be milliseconds (>= 100, or 0 for none), not ${values['replay-interval']}`);

const dir = resolve(values.dir);
const extensionDir = join(repo, 'extensions', 'vscode');
const fakeTrivy = join(repo, 'test', 'doubles', 'fakeTrivy', 'bin', 'trivy');
const shown = (path: string) => (path.startsWith(repo) ? relative(process.cwd(), path) || '.' : path);
const say = (line: string) => process.stdout.write(`${line}\n`);

/** What has been started so far, for the stop path. */
const started: { cluster?: DemoCluster; editor?: DemoEditor } = {};
let stopping: Promise<void> | undefined;
/** Stops what was started, the editor's process group first (its extension host watches the cluster). */
const stopAll = (): Promise<void> =>
  (stopping ??= (async () => {
    await started.editor?.stop();
    await started.cluster?.close();
  })());
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.once(signal, () => {
    say('\nstopping the demo…');
    void stopAll().then(() => process.exit(0));
  });

if (!values['no-build']) {
  say('building the VS Code extension (development build)…');
  const npm = process.env.npm_execpath;
  const args = [
    'run',
    '--silent',
    'build:dev',
    '-w',
    'extensions/vscode',
    '--',
    '--stats',
    'errors-warnings',
  ];
  const built = npm
    ? spawnSync(process.execPath, [npm, ...args], { cwd: repo, stdio: 'inherit' })
    : spawnSync('npm', args, { cwd: repo, stdio: 'inherit' });
  if (built.status !== 0) fail('the extension did not build (see above)');
}

mkdirSync(dir, { recursive: true });
const cluster = await startDemoCluster({
  reportsDir: join(repo, 'test', 'fixtures', 'reports'),
  generate,
  kubeconfigPath: join(dir, 'kubeconfig'),
  replayIntervalMs: replayInterval,
  log: (line) => process.stderr.write(`${line}\n`),
});
started.cluster = cluster;
const workspace = join(dir, 'workspace');
const { manifests } = await (async () => {
  try {
    return prepareDemoWorkspace({
      dir: workspace,
      server: cluster.server,
      fixturesDir: join(repo, 'test', 'fixtures'),
      trivyPath: fakeTrivy,
    });
  } catch (e) {
    await stopAll();
    return fail(`cannot write the demo workspace: ${(e as Error).message}`);
  }
})();
cluster.startReplay();
say(
  `cluster:    ${cluster.server.url} (context ${DEMO_CONTEXT}; KUBECONFIG=${shown(cluster.kubeconfigPath)} kubectl get vulns -A)`,
);
say(
  `workspace:  ${shown(workspace)} (${manifests.length} Deployment manifests, a Helm chart, a Dockerfile, saved scans)`,
);
say(`trivy:      the repository's fake trivy (${shown(fakeTrivy)}), which replays real Trivy output`);

const editorOptions = {
  extensionDir,
  workspace,
  kubeconfigPath: cluster.kubeconfigPath,
  trivyPath: fakeTrivy,
  stateDir: dir,
};
const code = editor === 'auto' || editor === 'code' ? findOnPath('code') : undefined;
if (editor === 'code' && !code) {
  await stopAll();
  fail('no `code` on PATH; try --editor code-server');
}
try {
  if (code) started.editor = openInCode(code, editorOptions);
  else if (editor !== 'none') {
    say('starting code-server…');
    started.editor = await openInCodeServer(editorOptions);
  }
} catch (e) {
  await stopAll();
  fail((e as Error).message);
}
const opened = started.editor;
if (opened) say(code ? `editor:     ${opened.where}` : `open:       ${opened.where}`);
say('Ctrl-C stops the demo.');
void opened?.exited.then(() => {
  if (stopping) return;
  say('the editor has exited; stopping the demo…');
  void stopAll().then(() => process.exit(0));
});
