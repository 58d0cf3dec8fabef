import type { FakeApiServer } from './index.js';
import {
  configAuditReportBody,
  generateReports,
  seededRandom,
  vulnerabilityReportBody,
} from './generateReports.js';
import type { KubeObj } from './types.js';

const AQUA = 'aquasecurity.github.io/v1alpha1';

export interface Replay {
  stop(): void;
}

function nowTimestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Changes reports over time so a demo shows live updates, the way trivy-operator does in a
 * cluster: a rescan rewrites a report (new `updateTimestamp`, other findings), a TTL expiry
 * deletes one, a new workload brings new reports. One change every `intervalMs`.
 */
export function startReplay(
  server: FakeApiServer,
  options: { intervalMs?: number; seed?: number; log?: (line: string) => void } = {},
): Replay {
  const rnd = seededRandom(options.seed ?? 7);
  const log = options.log ?? (() => undefined);
  let added = 0;
  const pick = (list: readonly string[]): string => list[Math.floor(rnd() * list.length)] ?? 'default';
  const reports = (): KubeObj[] =>
    [...server.list(AQUA, 'VulnerabilityReport'), ...server.list(AQUA, 'ConfigAuditReport')] as KubeObj[];
  const tick = (): void => {
    const all = reports();
    const roll = rnd();
    try {
      if (roll < 0.6 && all.length > 0) {
        const target = all[Math.floor(rnd() * all.length)] as KubeObj;
        const now = nowTimestamp();
        const rsName = target.metadata.labels?.['trivy-operator.resource.name'] ?? target.metadata.name ?? '';
        const container = target.metadata.labels?.['trivy-operator.container.name'] ?? 'app';
        const previous = target.report as { artifact?: { repository?: string; tag?: string } } | undefined;
        const report =
          target.kind === 'VulnerabilityReport'
            ? vulnerabilityReportBody(
                rnd,
                {
                  base: previous?.artifact?.repository?.includes('nginx') ? 1 : Math.floor(rnd() * 2),
                  repository: previous?.artifact?.repository ?? 'library/nginx',
                  tag: previous?.artifact?.tag ?? 'latest',
                },
                now,
              )
            : configAuditReportBody(rnd, rsName, container, now);
        server.update({ ...target, report });
        log(`modified ${target.kind} ${target.metadata.namespace}/${target.metadata.name}`);
      } else if (roll < 0.8 && all.length > 0) {
        const target = all[Math.floor(rnd() * all.length)] as KubeObj;
        server.remove(AQUA, target.kind, target.metadata.namespace, target.metadata.name ?? '');
        log(`deleted ${target.kind} ${target.metadata.namespace}/${target.metadata.name}`);
      } else {
        added++;
        const namespaces = (server.list('v1', 'Namespace') as KubeObj[]).map(
          (ns) => ns.metadata.name ?? 'default',
        );
        const fresh = generateReports(1, Math.floor(rnd() * 2 ** 31), {
          offset: 100_000 + added,
          namespaces: [pick(namespaces)],
        });
        for (const obj of fresh.objects) {
          if (!server.get(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name ?? ''))
            server.create(obj);
        }
        log(
          `added workload ${fresh.deployments[0]?.metadata.namespace}/${fresh.deployments[0]?.metadata.name} with 2 reports`,
        );
      }
    } catch (e) {
      log(`replay step failed: ${(e as Error).message}`);
    }
  };
  const timer = setInterval(tick, options.intervalMs ?? 1000);
  return { stop: () => clearInterval(timer) };
}
