import type { KubeObj } from './types.js';

// The Trivy Operator docs' reports in test/fixtures/reports (vulnerabilityreport_replicaset-nginx_docs,
// configauditreport_replicaset-nginx_docs, …) are about ReplicaSet `default/nginx-6d4cf56db6`; a
// cluster serving them needs that ReplicaSet and its Deployment for the reports to have a workload.
const NGINX_DEPLOYMENT_UID = '5f4d3c2b-0000-4000-8000-00000000d001';
// The ReplicaSet uid the docs' reports' ownerReferences name.
const NGINX_REPLICASET_UID = 'aa345200-cf24-443a-8f11-ddb438ff8659';

/** Deployment nginx and its ReplicaSet, as the docs' reports describe them (container nginx, nginx:1.16). */
export function nginxWorkloads(): KubeObj[] {
  const template = {
    metadata: { labels: { app: 'nginx' } },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.16',
          securityContext: { allowPrivilegeEscalation: true },
          ports: [{ containerPort: 80 }],
        },
      ],
    },
  };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx', namespace: 'default', uid: NGINX_DEPLOYMENT_UID, labels: { app: 'nginx' } },
      spec: { replicas: 1, selector: { matchLabels: { app: 'nginx' } }, template },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'nginx-6d4cf56db6',
        namespace: 'default',
        uid: NGINX_REPLICASET_UID,
        labels: { app: 'nginx', 'pod-template-hash': '6d4cf56db6' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'nginx',
            uid: NGINX_DEPLOYMENT_UID,
            controller: true,
          },
        ],
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'nginx', 'pod-template-hash': '6d4cf56db6' } },
        template,
      },
    },
  ];
}
