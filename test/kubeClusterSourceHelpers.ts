// Shared by the cluster tests: real report objects from the fixtures, waiting on conditions, and
// kubeconfig variants of the fake API server's.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, parseAllDocuments, stringify } from 'yaml';
import type { ReportStore } from '../shared/src/cluster/reportStore.js';
import type { KubeObject, ReportEvent } from '../shared/src/ports/clusterSource.js';

const fixtures = new URL('./fixtures/reports/', import.meta.url);

/** The two items of the real 2022 `kubectl get vulnerabilityreports -o json` list. */
export function realVulnerabilityReports(): KubeObject[] {
  const list = JSON.parse(
    readFileSync(new URL('vulnerabilityreportlist_real-cluster_trivy-0.31.3.json', fixtures), 'utf8'),
  ) as {
    items: KubeObject[];
  };
  return list.items;
}

export function yamlFixture(file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(new URL(file, fixtures), 'utf8')).map((d) => d.toJS() as KubeObject);
}

/**
 * A copy of a real report under another name/namespace, without the fields the API server sets
 * (resourceVersion, uid): names are arbitrary; the content stays the upstream one.
 */
export function copyOf(obj: KubeObject, name: string, namespace?: string): KubeObject {
  const copy = structuredClone(obj) as KubeObject & { metadata: Record<string, unknown> };
  const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ts, ...meta } = copy.metadata;
  copy.metadata = { ...meta, name, ...(namespace ? { namespace } : {}) };
  return copy;
}

/** Resolves when `check()` holds, re-checked on every store change; rejects after `timeoutMs`. */
export function storeReaches(
  store: ReportStore,
  check: () => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for: ${what}`));
    }, timeoutMs);
    const sub = store.onDidChange(() => {
      if (!check()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** Records the events of a `ClusterSource.watch` and waits for one matching a predicate. */
export class EventLog {
  readonly events: ReportEvent[] = [];
  private waiters: Array<{ match: (e: ReportEvent) => boolean; resolve: (e: ReportEvent) => void }> = [];

  readonly listener = (e: ReportEvent): void => {
    this.events.push(e);
    for (const w of [...this.waiters]) {
      if (w.match(e)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  };

  /** The next event (from now on) that matches; rejects after `timeoutMs`. */
  next(match: (e: ReportEvent) => boolean, what: string, timeoutMs = 5000): Promise<ReportEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for: ${what}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  statuses(): string[] {
    return this.events.flatMap((e) => (e.type === 'status' ? [e.status.state] : []));
  }
}

/** The fake's kubeconfig with a namespace set on every context, as `kubectl config set-context --namespace` does. */
export function writeKubeconfigWithNamespace(from: string, to: string, namespace: string): void {
  const config = parse(readFileSync(from, 'utf8')) as {
    contexts: Array<{ context: Record<string, string> }>;
  };
  for (const c of config.contexts) c.context.namespace = namespace;
  writeFileSync(to, stringify(config), { mode: 0o600 });
}

/** Fast reconnects for tests; the production defaults wait 0.5–30 s. */
export const FAST = { backoff: { initialMs: 20, maxMs: 200 } } as const;

/**
 * The most requests a watch backing off with `backoff` can send in any `windowMs`: one at the
 * window's start, then one after each wait, and no wait is shorter than half its step (the
 * jitter), the steps doubling from `initialMs` to `maxMs`. Slower requests or a loaded machine
 * only send fewer; a loop that retried without its backoff would send many more.
 */
export function mostTriesWithin(
  windowMs: number,
  backoff: { readonly initialMs: number; readonly maxMs: number },
): number {
  let tries = 1;
  let elapsed = 0;
  for (let step = 0; ; step++) {
    elapsed += Math.min(backoff.maxMs, backoff.initialMs * 2 ** step) / 2;
    if (elapsed > windowMs) return tries;
    tries++;
  }
}
