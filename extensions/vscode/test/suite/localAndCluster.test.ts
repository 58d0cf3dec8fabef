import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { Settings } from '../../src/commands.js';
import type { ExtensionApi } from '../../src/extension.js';
import { FAKE_CONTEXTS } from '../harness/clusterControlProtocol.js';
import { requireClusterControl, type ClusterControl } from './workbench/clusterControl.js';
import {
  EXTENSION_ID,
  waitForDiagnostics,
  workspaceUri,
  writeWorkspaceFile,
} from './workbench/testWorkspace.js';

// One finding seen twice: Trivy's real `trivy config` output for its test chart `testchart`
// (test/fixtures/trivy/config_helm-testchart_trivy-json.json, which the fake `trivy` replays for a
// chart folder of that name) reports KSV001, KSV030 and KSV104 on the chart's container, and the
// cluster runs that chart: its ReplicaSet's ConfigAuditReport carries the same checks (Trivy
// Operator's envtest report, test/fixtures/reports/configauditreport_pod-my-pod_envtest-expected.yaml,
// about this workload). Trivy's Helm lines are those of the rendered manifest, so the chart's
// template here is the deployment as `helm template testchart ./testchart` renders it with the
// chart's own values: the text Trivy's lines 28–57 (the container) refer to.
const CHART = 'testchart';
const TEMPLATE = `${CHART}/templates/deployment.yaml`;
const RENDERED = `# Source: testchart/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: testchart
  labels:
    helm.sh/chart: testchart-0.1.0
    app.kubernetes.io/name: testchart
    app.kubernetes.io/instance: testchart
    app.kubernetes.io/version: "1.16.0"
    app.kubernetes.io/managed-by: Helm
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: testchart
      app.kubernetes.io/instance: testchart
  template:
    metadata:
      labels:
        app.kubernetes.io/name: testchart
        app.kubernetes.io/instance: testchart
    spec:
      serviceAccountName: testchart
      securityContext:
        {}
      containers:
        - name: testchart
          securityContext:
            capabilities:
              drop:
              - ALL
            readOnlyRootFilesystem: true
            runAsGroup: 10001
            runAsNonRoot: true
            runAsUser: 10001
          image: "nginx:1.16.0"
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: 80
              protocol: TCP
          livenessProbe:
            httpGet:
              path: /
              port: http
          readinessProbe:
            httpGet:
              path: /
              port: http
          resources:
            limits:
              cpu: 100m
              memory: 128Mi
            requests:
              cpu: 100m
              memory: 126Mi
`;
const SHARED_CHECKS = ['KSV001', 'KSV030', 'KSV104'];
const REPLICASET = 'testchart-5d8b9c7f6';
/** The repository, from the suite bundle's folder (extensions/vscode/out/test/suite). */
const REPO = resolve(__dirname, '..', '..', '..', '..', '..');

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

/** The chart's Deployment, its ReplicaSet and the ReplicaSet's ConfigAuditReport, as the cluster holds them. */
function clusterObjects(): object[] {
  const labels = { 'app.kubernetes.io/name': CHART, 'app.kubernetes.io/instance': CHART };
  const template = parse(RENDERED).spec.template as object;
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: CHART, namespace: 'default', uid: 'c0ffee00-0000-4000-8000-000000000001', labels },
    spec: { replicas: 1, selector: { matchLabels: labels }, template },
  };
  const replicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: REPLICASET,
      namespace: 'default',
      uid: 'c0ffee00-0000-4000-8000-000000000002',
      labels: { ...labels, 'pod-template-hash': '5d8b9c7f6' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: CHART,
          uid: deployment.metadata.uid,
          controller: true,
        },
      ],
    },
    spec: { replicas: 1, selector: { matchLabels: labels }, template },
  };
  // The envtest report's checks, as the operator writes them for this workload: about its
  // ReplicaSet, its container named in the messages.
  const envtest = parse(
    readFileSync(
      join(REPO, 'test', 'fixtures', 'reports', 'configauditreport_pod-my-pod_envtest-expected.yaml'),
      'utf8',
    ),
  ) as { report: { checks: { messages?: string[] }[] } & Record<string, unknown> };
  const checks = envtest.report.checks.map((c) => ({
    ...c,
    ...(c.messages
      ? {
          messages: c.messages.map((m) =>
            m.replace(/'app'|"app"/g, `'${CHART}'`).replace(/my-pod/g, REPLICASET),
          ),
        }
      : {}),
  }));
  const report = {
    apiVersion: 'aquasecurity.github.io/v1alpha1',
    kind: 'ConfigAuditReport',
    metadata: {
      name: `replicaset-${REPLICASET}`,
      namespace: 'default',
      labels: {
        'trivy-operator.resource.kind': 'ReplicaSet',
        'trivy-operator.resource.name': REPLICASET,
        'trivy-operator.resource.namespace': 'default',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: REPLICASET,
          uid: replicaSet.metadata.uid,
          controller: true,
          blockOwnerDeletion: false,
        },
      ],
    },
    report: { ...envtest.report, checks },
  };
  return [deployment, replicaSet, report];
}

describe('A finding seen both by a local scan and in the cluster', function () {
  let control: ClusterControl;
  let api: ExtensionApi;
  const config = () => vscode.workspace.getConfiguration();
  const template = () => workspaceUri(TEMPLATE);
  const ofCheck = (d: readonly vscode.Diagnostic[], id: string) => d.filter((x) => codeOf(x) === id);

  before(async function () {
    control = requireClusterControl(this);
    api = (await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate()) as ExtensionApi;
    await api.ready;
    for (const object of clusterObjects())
      await control.call('create', { context: FAKE_CONTEXTS.dev, object });
    // The workspace's own chart files (the copied Trivy test chart) in a folder named like the chart.
    for (const file of ['Chart.yaml', 'values.yaml'])
      await vscode.workspace.fs.copy(workspaceUri(file), workspaceUri(`${CHART}/${file}`), {
        overwrite: true,
      });
    await writeWorkspaceFile(TEMPLATE, RENDERED);
    await config().update(Settings.scanOnSave, true, vscode.ConfigurationTarget.Global);
  });

  after(async function () {
    await config().update(Settings.clusterDiagnostics, undefined, vscode.ConfigurationTarget.Global);
    await config().update(Settings.scanOnSave, false, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri(CHART), { recursive: true });
    for (const [apiVersion, kind, name] of [
      ['aquasecurity.github.io/v1alpha1', 'ConfigAuditReport', `replicaset-${REPLICASET}`],
      ['apps/v1', 'ReplicaSet', REPLICASET],
      ['apps/v1', 'Deployment', CHART],
    ] as const)
      await control.call('remove', {
        context: FAKE_CONTEXTS.dev,
        apiVersion,
        kind,
        namespace: 'default',
        name,
      });
  });

  it('is shown once, its message naming the cluster too', async () => {
    await vscode.window.showTextDocument(template());
    const cluster = `the cluster ${FAKE_CONTEXTS.dev}`;
    const shown = await waitForDiagnostics(template(), 'the shared checks, each once and saying both', (d) =>
      SHARED_CHECKS.every(
        (id) => ofCheck(d, id).length === 1 && ofCheck(d, id)[0]!.message.includes(cluster),
      ),
    );
    for (const id of SHARED_CHECKS) {
      const [one, ...more] = ofCheck(shown, id);
      assert.deepEqual(more, [], `${id} once`);
      assert.equal(one!.source, 'Trivy', `${id}: the local scan's, which quick fixes and suppressing act on`);
      assert.match(one!.message, new RegExp(`— also reported by ${cluster}$`));
    }
    // The cluster's other checks (KSV011, …), which the local scan does not report, show as the cluster's.
    assert.ok(
      shown.some((d) => d.source === `Trivy (${FAKE_CONTEXTS.dev})` && codeOf(d) === 'KSV011'),
      JSON.stringify(shown.map((d) => [codeOf(d), d.source])),
    );
  });

  it('is the local finding alone once cluster diagnostics are off', async () => {
    await config().update(Settings.clusterDiagnostics, false, vscode.ConfigurationTarget.Global);
    const shown = await waitForDiagnostics(template(), 'the local findings only', (d) =>
      d.every((x) => x.source === 'Trivy' && !x.message.includes('also reported by')),
    );
    for (const id of SHARED_CHECKS) {
      assert.equal(ofCheck(shown, id).length, 1, `${id} still shown once, from the local scan`);
      assert.equal(ofCheck(shown, id)[0]!.source, 'Trivy');
    }
  });
});
