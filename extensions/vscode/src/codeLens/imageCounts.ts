import type { Finding } from '@trivy-findings/core/model/finding.js';
import { SEVERITIES, type Severity } from '@trivy-findings/core/model/severity.js';

/** "3 critical, 12 high · 9 fixable". */
export function lensTitle(findings: readonly Finding[]): string {
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const severities = SEVERITIES.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s.toLowerCase()}`)
    .join(', ');
  const fixable = findings.filter((f) => f.package?.fixedVersion).length;
  return `${severities} · ${fixable} fixable`;
}

/** The reference a report's artifact names (`index.docker.io/library/nginx:1.16`). */
export function artifactRef(a: { registry?: string; repository?: string; tag?: string }): string {
  return `${a.registry ? `${a.registry}/` : ''}${a.repository ?? ''}${a.tag ? `:${a.tag}` : ''}`;
}

/** `nginx:1.16`, `library/nginx:1.16` and `docker.io/library/nginx:1.16` are one image. */
export function normaliseImage(ref: string): string {
  let s = ref.trim().split('@')[0]!;
  if (!/:[^/]+$/.test(s)) s += ':latest';
  const slash = s.indexOf('/');
  const first = slash === -1 ? '' : s.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  let rest = hasRegistry ? s.slice(slash + 1) : s;
  const registry = hasRegistry ? first.replace(/^(index\.)?docker\.io$/, 'docker.io') : 'docker.io';
  if (registry === 'docker.io' && !rest.includes('/')) rest = `library/${rest}`;
  return `${registry}/${rest}`;
}
