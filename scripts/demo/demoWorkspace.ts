import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { FakeApiServer, KubeObj } from '../../test/doubles/fakeApiServer/index.js';
import { kubectlListYaml, kubectlYaml } from './kubectlYaml.js';

export interface DemoWorkspaceOptions {
  /** The folder to (re)create. */
  readonly dir: string;
  /** The demo cluster, read directly as `kubectl get` would read it. */
  readonly server: Pick<FakeApiServer, 'list'>;
  /** The repository's `test/fixtures`. */
  readonly fixturesDir: string;
  /** The `trivy` the workspace's settings name (the fake one: this is a demo). */
  readonly trivyPath: string;
  /** Generated Deployments written per namespace, besides the docs' nginx. */
  readonly deploymentsPerNamespace?: number;
  /** Today, for the ignore file's one expired and one live entry. */
  readonly now?: Date;
}

export interface DemoWorkspace {
  /** Workspace-relative paths of the Deployment manifests written, with the object each holds. */
  readonly manifests: ReadonlyArray<{
    readonly path: string;
    readonly namespace: string;
    readonly name: string;
  }>;
}

const APPS = 'apps/v1';
const AQUA = 'aquasecurity.github.io/v1alpha1';

/**
 * The folder the demo opens, from real data: the Deployments of the demo cluster as
 * `kubectl get deployment NAME -o yaml` writes them (`k8s/<namespace>/<name>.yaml`; their reports
 * name their ReplicaSets, so the cluster's findings land on these files), the Helm chart and the
 * Dockerfile Trivy's own tests scan, saved scans (`scans/`: the real Trivy outputs and
 * `kubectl get vulns -A -o yaml` of the cluster), a `.trivyignore.yaml` with one expired and one
 * live entry, and settings that point the extension at the fake `trivy`.
 */
export function prepareDemoWorkspace(options: DemoWorkspaceOptions): DemoWorkspace {
  const { dir, server, fixturesDir } = options;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  const manifests = chosenDeployments(
    server.list(APPS, 'Deployment') as KubeObj[],
    options.deploymentsPerNamespace ?? 2,
  ).map((d) => {
    const namespace = d.metadata.namespace ?? 'default';
    const name = d.metadata.name ?? '';
    const path = `k8s/${namespace}/${name}.yaml`;
    write(path, kubectlYaml(d));
    return { path, namespace, name };
  });

  const inputs = join(fixturesDir, 'trivy', 'inputs');
  cpSync(join(inputs, 'helm_testchart'), join(dir, 'helm_testchart'), { recursive: true });
  cpSync(join(inputs, 'dockerfile', 'Dockerfile'), join(dir, 'Dockerfile'));
  const scans = join(fixturesDir, 'trivy');
  for (const entry of readdirSync(scans, { withFileTypes: true }))
    if (entry.isFile() && entry.name.endsWith('.json'))
      cpSync(join(scans, entry.name), join(dir, 'scans', entry.name));
  write('scans/vulnerabilityreports.yaml', kubectlListYaml(server.list(AQUA, 'VulnerabilityReport')));

  write('.trivyignore.yaml', ignoreFile(options.now ?? new Date()));
  write(
    '.vscode/settings.json',
    `${JSON.stringify({ 'trivyFindings.trivy.path': options.trivyPath, 'trivyFindings.scanOnSave': true }, null, 2)}\n`,
  );
  return { manifests };
}

/** The docs' nginx (its reports are the real ones) and the first few of every other namespace, by name. */
function chosenDeployments(deployments: readonly KubeObj[], perNamespace: number): KubeObj[] {
  const byNamespace = new Map<string, KubeObj[]>();
  for (const d of [...deployments].sort((a, b) =>
    (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  )) {
    const ns = d.metadata.namespace ?? 'default';
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), d]);
  }
  return [...byNamespace.values()].flatMap((list) => {
    const nginx = list.filter((d) => d.metadata.name === 'nginx');
    return [...nginx, ...list.filter((d) => d.metadata.name !== 'nginx').slice(0, perNamespace)];
  });
}

/**
 * Trivy's `.trivyignore.yaml`: the docs' nginx CVE-2018-25009 ignored until a month ago (expired, so
 * shown again) and its `notReadOnlyRootFilesystem` check ignored for three more months (suppressed).
 */
function ignoreFile(now: Date): string {
  const day = (offsetDays: number) =>
    new Date(now.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  return stringify({
    vulnerabilities: [
      {
        id: 'CVE-2018-25009',
        statement: 'Waiting for the nginx 1.16 base image rebuild',
        expired_at: day(-30),
      },
    ],
    misconfigurations: [
      {
        id: 'notReadOnlyRootFilesystem',
        statement: 'nginx writes its cache to the root filesystem until the volume lands',
        expired_at: day(90),
      },
    ],
  });
}
