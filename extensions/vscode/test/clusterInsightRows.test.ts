// The Cluster view's coverage and upgrade rows from a real store (the Trivy Operator docs' reports
// about ReplicaSet default/nginx-6d4cf56db6) and a real workload inventory (metadata as the API
// server lists it), through the core's computeCoverage and planUpgrades: a workload without reports
// is "not scanned", never a clean row; namespaces carry coverage counts; a forbidden listing is said;
// the Upgrades branch words a real package's upgrade, fixable apart from unfixable.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ReportStore } from '@trivy-findings/core/cluster/reportStore.js';
import { WorkloadInventory } from '@trivy-findings/core/cluster/workloadInventory.js';
import { computeCoverage } from '@trivy-findings/core/insights/coverage.js';
import { planUpgrades } from '@trivy-findings/core/insights/upgrades.js';
import { REPORT_KINDS, reportKindByName } from '@trivy-findings/core/model/reportKinds.js';
import { WORKLOAD_KINDS, workloadKindOf } from '@trivy-findings/core/model/workloadKinds.js';
import type { KubeObject, OwnerReference } from '@trivy-findings/core/ports/clusterSource.js';
import { ownerWorkloadResolver } from '@trivy-findings/core/cluster/workloadResolver.js';
import type { ClusterInsights } from '../src/views/clusterInsightRows.js';
import {
  clusterChildren,
  descriptionOf,
  labelOf,
  type ClusterNode,
  type ClusterTreeSource,
} from '../src/views/clusterTreeModel.js';

const REPORTS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'reports');
const fixture = (name: string) => parse(readFileSync(join(REPORTS, name), 'utf8')) as KubeObject;
const NOW = Date.parse('2025-06-02T12:00:00Z');
const DAY = 86_400_000;

/** A workload's metadata as a PartialObjectMetadataList item carries it. */
function workload(
  kind: string,
  namespace: string,
  name: string,
  owner?: { kind: string; name: string },
): KubeObject {
  return {
    apiVersion: workloadKindOf(kind)!.apiVersion,
    kind,
    metadata: {
      name,
      namespace,
      uid: `uid-${kind}-${namespace}-${name}`,
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: workloadKindOf(owner.kind)!.apiVersion,
                kind: owner.kind,
                name: owner.name,
                uid: `uid-${owner.kind}-${namespace}-${owner.name}`,
                controller: true,
              },
            ],
          }
        : {}),
    },
  } as KubeObject;
}

/** A docs' report, written again for ReplicaSet `api-7f9c` two days before NOW. */
function apiReport(file: string, name: string): KubeObject {
  const r = fixture(file) as KubeObject & {
    metadata: Record<string, unknown> & { labels: Record<string, string> };
  };
  return {
    ...r,
    metadata: {
      ...r.metadata,
      name,
      creationTimestamp: new Date(NOW - 2 * DAY).toISOString(),
      labels: { ...r.metadata.labels, 'trivy-operator.resource.name': 'api-7f9c' },
      ownerReferences: [],
    },
  } as KubeObject;
}

async function cluster(options: { forbidDeployments?: boolean } = {}) {
  const objects = [
    workload('Deployment', 'default', 'nginx'),
    workload('ReplicaSet', 'default', 'nginx-6d4cf56db6', { kind: 'Deployment', name: 'nginx' }),
    workload('Deployment', 'default', 'api'),
    workload('ReplicaSet', 'default', 'api-7f9c', { kind: 'Deployment', name: 'api' }),
    // No report is about these: the operator has not scanned them.
    workload('Deployment', 'default', 'web'),
    workload('StatefulSet', 'shop', 'db'),
  ];
  // Owners as the session reads them (ownerReferences of the object), so a ReplicaSet's reports
  // are its Deployment's.
  const resolver = ownerWorkloadResolver((ref) =>
    Promise.resolve(
      objects.find(
        (o) => o.kind === ref.kind && o.metadata.namespace === ref.namespace && o.metadata.name === ref.name,
      )?.metadata.ownerReferences as OwnerReference[] | undefined,
    ),
  );
  const store = new ReportStore({ batchMs: 1, resolver });
  const reports = new Map<string, KubeObject[]>([
    [
      'VulnerabilityReport',
      [
        fixture('vulnerabilityreport_replicaset-nginx_docs.yaml'),
        apiReport('vulnerabilityreport_replicaset-nginx_docs.yaml', 'replicaset-api-7f9c-nginx'),
      ],
    ],
    [
      'ConfigAuditReport',
      [
        fixture('configauditreport_replicaset-nginx_docs.yaml'),
        // Config audits are not rescanned on TTL: this one's age makes nothing stale.
        apiReport('configauditreport_replicaset-nginx_docs.yaml', 'replicaset-api-7f9c'),
      ],
    ],
  ]);
  // As a watch reports them: the list, then the scope's state.
  for (const [kind, objects] of reports) {
    store.apply({ kind: reportKindByName(kind)! }, { type: 'synced', objects, first: true });
    store.apply({ kind: reportKindByName(kind)! }, { type: 'status', status: { state: 'ok' } });
  }
  // The other kinds a workload would need are not served by this cluster.
  for (const k of REPORT_KINDS)
    if (!reports.has(k.kind)) store.setStatus({ kind: k }, { state: 'not-installed' });
  await store.whenIdle();

  const inventory = new WorkloadInventory(1);
  for (const kind of WORKLOAD_KINDS) {
    if (options.forbidDeployments && kind.kind === 'Deployment') {
      inventory.apply(
        { kind },
        {
          type: 'status',
          status: {
            state: 'forbidden',
            message: 'deployments.apps is forbidden: User "dev" cannot list resource "deployments"',
          },
        },
      );
      continue;
    }
    inventory.apply(
      { kind },
      { type: 'synced', objects: objects.filter((o) => o.kind === kind.kind), first: true },
    );
    inventory.apply({ kind }, { type: 'status', status: { state: 'ok' } });
  }
  inventory.flush();
  const insights: ClusterInsights = {
    coverage: () => computeCoverage({ workloads: inventory, reports: store }, NOW),
    upgrades: (ns) =>
      planUpgrades(
        store
          .workloads(ns)
          .flatMap((w) =>
            store.findingsForWorkload(w.key).map((finding) => ({ finding, workload: w.workload })),
          ),
      ),
  };
  const source: ClusterTreeSource = {
    connection: { phase: 'connected', context: 'kind-dev' },
    store,
    insights,
  };
  return { store, source };
}

const byId = (rows: ClusterNode[], id: string) => {
  const row = rows.find((r) => r.id === id);
  assert.ok(row, `${id} in ${rows.map((r) => r.id).join(', ')}`);
  return row;
};

describe('Cluster view coverage and upgrade rows', () => {
  it('lists a workload without reports as not scanned, never as a clean row', async () => {
    const { source } = await cluster();
    const root = clusterChildren(undefined, source);
    // `shop` has no report at all: it is listed for its workload that is not scanned.
    assert.deepEqual(
      root.map((r) => r.id),
      ['coverage', 'ns/default', 'ns/shop', 'not-installed'],
    );
    const coverage = byId(root, 'coverage');
    assert.equal(labelOf(coverage), 'Coverage');
    assert.equal(descriptionOf(coverage), '1 scanned · 2 not scanned · 1 stale');

    const shop = byId(root, 'ns/shop');
    assert.equal(descriptionOf(shop), '1 not scanned');
    const [db] = clusterChildren(shop, source);
    assert.ok(db?.type === 'coverageWorkload');
    assert.equal(labelOf(db), 'StatefulSet db');
    assert.match(descriptionOf(db), /^not scanned — no VulnerabilityReport or ConfigAuditReport yet/);

    const ns = byId(root, 'ns/default');
    assert.match(descriptionOf(ns), /^C:\d+.* · 1 scanned · 1 not scanned · 1 stale$/);
    const rows = clusterChildren(ns, source);
    const web = byId(rows, 'cv/wl/Deployment/default/web');
    assert.equal(labelOf(web), 'Deployment web');
    assert.match(descriptionOf(web), /^not scanned/);
    assert.doesNotMatch(descriptionOf(web), /no findings/);
    // Workloads with reports say their state beside their counts; the stale one its report's age.
    assert.match(descriptionOf(byId(rows, 'wl/Deployment/default/nginx')), /^C:\d+.* · scanned$/);
    assert.match(descriptionOf(byId(rows, 'wl/Deployment/default/api')), / · stale: report 2 d old$/);

    // The Coverage row's children are what is not simply scanned, across namespaces.
    const attention = clusterChildren(coverage, source);
    assert.deepEqual(attention.map(labelOf), ['Deployment api', 'Deployment web', 'StatefulSet db']);
    assert.match(descriptionOf(attention[2]!), /^shop · not scanned/);
  });

  it('says when workloads may not be listed instead of counting them as scanned', async () => {
    const { source } = await cluster({ forbidDeployments: true });
    const root = clusterChildren(undefined, source);
    const warning = byId(root, 'msg/coverage-refused');
    assert.equal(labelOf(warning), 'Coverage unknown: Deployment may not be listed (forbidden)');
    assert.match(descriptionOf(warning), /cannot list resource "deployments"/);
    const coverage = byId(root, 'coverage');
    assert.match(descriptionOf(coverage), /some listings failed$/);
    const scope = clusterChildren(coverage, source).find((r) => r.type === 'coverageScope');
    assert.ok(scope);
    assert.equal(labelOf(scope), 'Deployments in all namespaces: may not be listed (forbidden)');
  });

  it('groups a namespace’s vulnerabilities into upgrades, the packages without a fix apart', async () => {
    const { source } = await cluster();
    const ns = byId(clusterChildren(undefined, source), 'ns/default');
    const [upgrades] = clusterChildren(ns, source);
    assert.ok(upgrades?.type === 'upgrades', 'the Upgrades row comes first');
    assert.equal(labelOf(upgrades), 'Upgrades');
    const rows = clusterChildren(upgrades, source);
    // The docs' report: CVE-2019-20367 in libbsd0 0.9.1-2, fixed in 0.9.1-2+deb10u1 (CRITICAL),
    // here in two workloads (nginx, and api's older report); libwebp6 has no fixed version.
    assert.deepEqual(rows.map(labelOf), [
      'libbsd0 0.9.1-2 → 0.9.1-2+deb10u1 clears 2 findings in 2 workloads',
      'no fix yet: 1 package',
    ]);
    assert.equal(descriptionOf(upgrades), '1 upgrade · no fix yet: 1 package');
    assert.equal(descriptionOf(rows[0]!), 'C:1');
    assert.deepEqual(clusterChildren(rows[0]!, source).map(labelOf), [
      'Deployment/default/api',
      'Deployment/default/nginx',
    ]);
    const unfixed = clusterChildren(rows[1]!, source);
    assert.deepEqual(unfixed.map(labelOf), ['libwebp6 0.6.1-2: 2 findings in 2 workloads, no fix yet']);
    // Ids are unique in the tree, and printable (package keys hold NULs).
    const ids = [upgrades, ...rows, ...unfixed].map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => !id.includes('\0')));
  });

  it('leaves the rows as they were when the host computes no insights', async () => {
    const { store } = await cluster();
    const root = clusterChildren(undefined, {
      connection: { phase: 'connected', context: 'kind-dev' },
      store,
    });
    assert.deepEqual(
      root.map((r) => r.id),
      ['ns/default', 'not-installed'],
    );
    assert.doesNotMatch(descriptionOf(root[0]!), /scanned/);
  });
});
