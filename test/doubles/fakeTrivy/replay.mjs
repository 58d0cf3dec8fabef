// Which real Trivy output the fake replays for a subcommand and target, and the filters Trivy
// itself applies to a report before writing it (pkg/result/filter.go, pkg/types/report.go).

import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/trivy/', import.meta.url));

/**
 * The replay table. `match` sees the target as given (or `--input` for images); each entry names
 * the fixture per `--format`. Fixture files and how upstream produced them: test/fixtures/SOURCES.md.
 * @type {{ commands: string[], match: (target: string) => boolean, files: Record<string, string> }[]}
 */
export const REPLAYS = [
  {
    commands: ['image'],
    match: (t) => /(^|\/)alpine(:3\.10(\.\d+)?|-310\.tar(\.gz)?)$/.test(t),
    files: { json: 'image_alpine-3.10_trivy-json.json', sarif: 'image_alpine-3.10_trivy-sarif.json' },
  },
  {
    commands: ['image'],
    match: (t) => /(^|\/)debian(:buster|:10(\.\d+)?|-buster\.tar(\.gz)?)$/.test(t),
    files: { json: 'image_debian-buster_trivy-json.json' },
  },
  {
    commands: ['repository'],
    match: (t) => /trivy-ci-test(\.git)?\/?$/.test(t),
    files: { json: 'repo_trivy-ci-test_trivy-json.json' },
  },
  {
    commands: ['config', 'filesystem', 'repository'],
    match: named('helm_testchart', 'testchart'),
    files: { json: 'config_helm-testchart_trivy-json.json' },
  },
  {
    commands: ['config', 'filesystem', 'repository'],
    match: named('dockerfile', 'Dockerfile'),
    files: { json: 'config_dockerfile_trivy-json.json' },
  },
  {
    commands: ['filesystem', 'repository'],
    match: named('npm', 'package-lock.json'),
    files: { json: 'fs_npm_trivy-json.json', cyclonedx: 'sbom_npm_cyclonedx.json' },
  },
  {
    commands: ['filesystem', 'repository'],
    match: named('pip', 'requirements.txt'),
    files: { json: 'fs_pip_trivy-json.json' },
  },
  {
    commands: ['filesystem', 'repository'],
    match: named('secrets', 'deploy.sh'),
    files: { json: 'secret_repo_trivy-json.json' },
  },
  {
    commands: ['kubernetes'],
    match: () => true,
    files: { json: 'k8s_cluster_report-all_securecodebox.json' },
  },
];

function named(...names) {
  return (target) => names.includes(basename(target.replace(/[/\\]+$/, '')));
}

export function findReplay(command, target) {
  return REPLAYS.find((r) => r.commands.includes(command) && r.match(target));
}

export function readFixture(file) {
  return readFileSync(resolve(FIXTURES, file), 'utf8');
}

/** True for local paths that do not exist (URLs and image names are not paths). */
export function missingPath(target) {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(target) && !existsSync(target);
}

/**
 * An empty report for a path with nothing to replay: the top-level fields of a real report
 * (SchemaVersion 2, Trivy, ReportID, CreatedAt) without `Results`, which Trivy omits when empty
 * (`json:",omitempty"` on types.Report.Results).
 */
export function emptyReport(command, target) {
  const doc = JSON.parse(readFixture('config_dockerfile_trivy-json.json'));
  delete doc.Results;
  return {
    ...doc,
    ArtifactName: target,
    ArtifactType: command === 'repository' ? 'repository' : 'filesystem',
  };
}

// Result classes per scanner (types.ResultClass in pkg/types/report.go).
const CLASS_SCANNER = {
  'os-pkgs': 'vuln',
  'lang-pkgs': 'vuln',
  config: 'misconfig',
  secret: 'secret',
  license: 'license',
  'license-file': 'license',
};

/**
 * Applies what Trivy applies before writing a report: only results of enabled scanners, only
 * findings of the requested severities (MisconfSummary.Failures recounted; Successes kept, since
 * the passed checks are not in the golden files), only fixed vulnerabilities with
 * `--ignore-unfixed`. Empty lists are dropped, as Trivy's `omitempty` does.
 * @param {any} doc a Trivy JSON report (`Results`) or a `trivy k8s` report (`Resources[].Results`)
 */
export function filterReport(doc, { scanners, severities, ignoreUnfixed }) {
  const keepResult = (r) =>
    !scanners || !(r.Class in CLASS_SCANNER) || scanners.includes(CLASS_SCANNER[r.Class]);
  const filterResults = (results) =>
    results.filter(keepResult).map((r) => filterResult(r, severities, ignoreUnfixed));
  if (Array.isArray(doc.Results)) {
    doc.Results = filterResults(doc.Results);
    if (doc.Results.length === 0) delete doc.Results;
  }
  // trivy k8s: scanners are not filtered per result class here (its RBAC and infra checks share class "config").
  for (const resource of doc.Resources ?? []) {
    if (Array.isArray(resource.Results))
      resource.Results = resource.Results.map((r) => filterResult(r, severities, ignoreUnfixed));
  }
  return doc;
}

function filterResult(result, severities, ignoreUnfixed) {
  const r = { ...result };
  const bySeverity = (x) => !severities || severities.includes(x.Severity || 'UNKNOWN');
  if (r.Vulnerabilities)
    r.Vulnerabilities = r.Vulnerabilities.filter(
      (v) => bySeverity(v) && (!ignoreUnfixed || v.Status === 'fixed'),
    );
  if (r.Misconfigurations) {
    r.Misconfigurations = r.Misconfigurations.filter(bySeverity);
    if (r.MisconfSummary)
      r.MisconfSummary = {
        ...r.MisconfSummary,
        Failures: r.Misconfigurations.filter((m) => m.Status === 'FAIL').length,
      };
  }
  if (r.Secrets) r.Secrets = r.Secrets.filter(bySeverity);
  if (r.Licenses) r.Licenses = r.Licenses.filter(bySeverity);
  for (const key of ['Vulnerabilities', 'Misconfigurations', 'Secrets', 'Licenses'])
    if (r[key]?.length === 0) delete r[key];
  return r;
}

/** Trivy's `Results.Failed()`: what `--exit-code` reacts to. */
export function hasFindings(doc) {
  const results = [...(doc.Results ?? []), ...(doc.Resources ?? []).flatMap((r) => r.Results ?? [])];
  return results.some(
    (r) =>
      r.Vulnerabilities?.length ||
      r.Misconfigurations?.some((m) => m.Status === 'FAIL') ||
      r.Secrets?.length ||
      r.Licenses?.length,
  );
}
