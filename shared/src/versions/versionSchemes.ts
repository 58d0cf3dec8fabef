import type { PackageInfo } from '../model/finding.js';
import { compareApkVersions } from './apkVersion.js';
import { compareDpkgVersions } from './dpkgVersion.js';
import { compareMavenVersions } from './mavenVersion.js';
import { comparePep440 } from './pep440Version.js';
import { compareRpmVersions } from './rpmVersion.js';
import { compareGemVersions } from './rubygemsVersion.js';
import { compareSemvers } from './semverVersion.js';

/**
 * The version orders of the packages Trivy reports, and which one applies to a package. The only
 * place that knows which ecosystem compares versions how; Trivy picks its comparer the same way
 * (`pkg/detector/ospkg/*` per OS family, `pkg/detector/library/driver.go` per language type).
 */
export const VERSION_SCHEMES = ['dpkg', 'rpm', 'apk', 'semver', 'pep440', 'maven', 'rubygems'] as const;
export type VersionScheme = (typeof VERSION_SCHEMES)[number];

const COMPARE: Readonly<Record<VersionScheme, (a: string, b: string) => number | undefined>> = {
  dpkg: compareDpkgVersions,
  rpm: compareRpmVersions,
  apk: compareApkVersions,
  semver: compareSemvers,
  pep440: comparePep440,
  maven: compareMavenVersions,
  rubygems: compareGemVersions,
};

/** The order of `a` and `b` (-1, 0, 1) in `scheme`; `undefined` when either is not a version there. */
export function compareVersions(scheme: VersionScheme, a: string, b: string): number | undefined {
  return COMPARE[scheme](a, b);
}

// Trivy's types (`Result.Type`, a VulnerabilityReport's `packageType`): OS families
// (`pkg/fanal/types/const.go` OSType) and language types (LangType). Amazon Linux is an RPM
// distribution: Trivy's amazon detector happens to compare with go-deb-version, but the fix a
// person installs is ordered by rpm. Bitnami's versions are compared as Debian's, as Trivy does.
const BY_TRIVY_TYPE: ReadonlyMap<string, VersionScheme> = new Map([
  ...(['debian', 'ubuntu', 'echo', 'bitnami'] as const).map((t) => [t, 'dpkg'] as const),
  ...(
    [
      'redhat',
      'centos',
      'centos-stream',
      'rocky',
      'alma',
      'oracle',
      'amazon',
      'fedora',
      'opensuse',
      'opensuse-leap',
      'opensuse-tumbleweed',
      'sles',
      'slem',
      'photon',
      'cbl-mariner',
      'azurelinux',
      'bottlerocket',
    ] as const
  ).map((t) => [t, 'rpm'] as const),
  ...(['alpine', 'wolfi', 'chainguard', 'minimos'] as const).map((t) => [t, 'apk'] as const),
  ...(
    [
      'npm',
      'yarn',
      'pnpm',
      'bun',
      'node-pkg',
      'javascript',
      'gomod',
      'gobinary',
      'cargo',
      'rustbinary',
      'composer',
      'composer-vendor',
      'nuget',
      'dotnet-core',
      'packages-props',
      'pub',
      'hex',
      'conan',
      'swift',
      'julia',
      'kubernetes',
    ] as const
  ).map((t) => [t, 'semver'] as const),
  ...(['pip', 'pipenv', 'poetry', 'uv', 'pylock', 'python-pkg'] as const).map((t) => [t, 'pep440'] as const),
  ...(['jar', 'pom', 'gradle', 'sbt'] as const).map((t) => [t, 'maven'] as const),
  ...(['bundler', 'gemspec', 'cocoapods'] as const).map((t) => [t, 'rubygems'] as const),
]);

// Package URL types (github.com/package-url/purl-spec), as Trivy writes them.
const BY_PURL_TYPE: ReadonlyMap<string, VersionScheme> = new Map([
  ['deb', 'dpkg'],
  ['bitnami', 'dpkg'],
  ['rpm', 'rpm'],
  ['apk', 'apk'],
  ['npm', 'semver'],
  ['golang', 'semver'],
  ['cargo', 'semver'],
  ['composer', 'semver'],
  ['nuget', 'semver'],
  ['pub', 'semver'],
  ['hex', 'semver'],
  ['conan', 'semver'],
  ['swift', 'semver'],
  ['julia', 'semver'],
  ['k8s', 'semver'],
  ['pypi', 'pep440'],
  ['maven', 'maven'],
  ['gradle', 'maven'],
  ['gem', 'rubygems'],
  ['cocoapods', 'rubygems'],
]);

/**
 * The version order of a package: from its PURL's type when it has one, else from Trivy's type of
 * it; `undefined` when neither says (old reports), and the caller must not guess.
 */
export function versionSchemeOf(pkg: Pick<PackageInfo, 'purl' | 'type'>): VersionScheme | undefined {
  const purlType = pkg.purl
    ? /^pkg:([A-Za-z0-9.+-]+)\//.exec(pkg.purl.trim())?.[1]?.toLowerCase()
    : undefined;
  const fromPurl = purlType ? BY_PURL_TYPE.get(purlType) : undefined;
  return fromPurl ?? (pkg.type ? BY_TRIVY_TYPE.get(pkg.type.toLowerCase()) : undefined);
}
