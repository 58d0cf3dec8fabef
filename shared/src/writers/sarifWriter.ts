import type { Finding } from '../model/finding.js';
import type { Severity } from '../model/severity.js';

/**
 * Writes findings as SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) so they can go
 * to code-scanning dashboards. One rule per finding id; `security-severity` carries the
 * numeric band GitHub uses to rank results, as Trivy's own SARIF does.
 */
export function findingsToSarif(findings: readonly Finding[], toolVersion: string): object {
  const rules = new Map<string, object>();
  const results = findings.map((f) => {
    if (!rules.has(f.id)) {
      rules.set(f.id, {
        id: f.id,
        name: f.type,
        shortDescription: { text: f.title },
        fullDescription: { text: f.description ?? f.title },
        ...(f.primaryUrl ? { helpUri: f.primaryUrl } : {}),
        properties: {
          tags: [f.type, 'security', f.severity],
          'security-severity': SECURITY_SEVERITY[f.severity],
        },
      });
    }
    const where = f.location;
    return {
      ruleId: f.id,
      level: LEVEL[f.severity],
      message: { text: messageOf(f) },
      ...(f.suppressed ? { suppressions: [{ kind: 'external' }] } : {}),
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: where?.path ?? f.target ?? f.origin.file ?? 'unknown' },
            ...(where ? { region: { startLine: where.startLine, endLine: where.endLine } } : {}),
          },
          ...(f.resource
            ? {
                logicalLocations: [
                  {
                    kind: 'resource',
                    fullyQualifiedName: `${f.resource.kind}/${f.resource.namespace ?? ''}/${f.resource.name}`,
                  },
                ],
              }
            : {}),
        },
      ],
    };
  });
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'trivy-findings', version: toolVersion, rules: [...rules.values()] } },
        results,
      },
    ],
  };
}

const LEVEL: Readonly<Record<Severity, string>> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  UNKNOWN: 'note',
};

// Midpoints of the CVSS bands that parseSeverity reads back, so a round trip keeps the severity.
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '2.0',
  UNKNOWN: '0.0',
};

function messageOf(f: Finding): string {
  const parts = [f.message ?? f.title];
  if (f.package) {
    parts.push(
      `Package: ${f.package.name}${f.package.installedVersion ? ` ${f.package.installedVersion}` : ''}` +
        (f.package.fixedVersion ? `, fixed in ${f.package.fixedVersion}` : ''),
    );
  }
  if (f.resource) parts.push(`Resource: ${f.resource.kind}/${f.resource.name}`);
  return parts.join('\n');
}
