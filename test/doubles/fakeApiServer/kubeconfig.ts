import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { FakeUser } from './rbac.js';

/**
 * A kubeconfig with one context per user (context name = user name) against one cluster,
 * trusting the server's CA through `certificate-authority-data` (no insecure-skip-tls-verify).
 */
export function kubeconfigYaml(
  server: string,
  caPem: string,
  users: readonly FakeUser[],
  currentContext?: string,
): string {
  const cluster = 'fake-cluster';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: cluster,
        cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: users.map((u) => ({ name: u.name, user: { token: u.token } })),
    contexts: users.map((u) => ({ name: u.name, context: { cluster, user: u.name } })),
    'current-context': currentContext ?? users[0]?.name ?? '',
  });
}

export function writeKubeconfigFile(
  path: string,
  server: string,
  caPem: string,
  users: readonly FakeUser[],
  currentContext?: string,
): void {
  writeFileSync(path, kubeconfigYaml(server, caPem, users, currentContext), { mode: 0o600 });
}
