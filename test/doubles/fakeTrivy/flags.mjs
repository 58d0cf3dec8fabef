// The command line of the fake trivy: which subcommands exist and which flags each accepts.
// Taken from aquasecurity/trivy at commit dc3c56eed5 (after v0.74.0): flag names, shorthands and
// aliases from pkg/flag/*_flags.go, and the flag groups each subcommand enables (or disables by
// setting a field to nil) from pkg/commands/app.go. `since` marks flags newer than the oldest
// cobra-era Trivy (v0.30.0), checked at each tag, so the fake can play an older Trivy
// (FAKE_TRIVY_MODE=version=x.y.z) and reject what that release did not know.

/** @typedef {'bool' | 'string' | 'int' | 'float' | 'duration' | 'list'} FlagType */
/** @typedef {{ name: string, type: FlagType, short?: string, aliases?: string[], since?: string, values?: string[] }} FlagSpec */

const SEVERITY_NAMES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
// types.SupportedFormats (pkg/types/report.go).
const FORMATS = [
  'table',
  'json',
  'template',
  'sarif',
  'cyclonedx',
  'spdx',
  'spdx-json',
  'github',
  'cosign-vuln',
];

/** @type {(name: string, type: FlagType, more?: Partial<FlagSpec>) => FlagSpec} */
const f = (name, type, more = {}) => ({ name, type, ...more });

/** @type {Record<string, FlagSpec[]>} */
const GROUPS = {
  global: [
    f('config', 'string', { short: 'c' }),
    f('version', 'bool', { short: 'v' }),
    f('quiet', 'bool', { short: 'q' }),
    f('debug', 'bool', { short: 'd' }),
    f('insecure', 'bool'),
    f('cacert', 'string'),
    f('timeout', 'duration'),
    f('cache-dir', 'string'),
    f('generate-default-config', 'bool'),
    f('trace-http', 'bool'),
  ],
  cache: [
    f('clear-cache', 'bool'),
    f('cache-backend', 'string'),
    f('cache-ttl', 'duration'),
    f('redis-tls', 'bool'),
    f('redis-ca', 'string'),
    f('redis-cert', 'string'),
    f('redis-key', 'string'),
  ],
  db: [
    f('reset', 'bool'),
    f('download-db-only', 'bool'),
    f('skip-db-update', 'bool', { aliases: ['skip-update'] }),
    f('download-java-db-only', 'bool'),
    f('skip-java-db-update', 'bool'),
    f('light', 'bool'),
    f('no-progress', 'bool'),
    f('db-repository', 'list'),
    f('java-db-repository', 'list'),
  ],
  image: [
    f('input', 'string'),
    f('image-config-scanners', 'list'),
    f('removed-pkgs', 'bool'),
    f('platform', 'string'),
    f('docker-host', 'string'),
    f('podman-host', 'string'),
    f('image-src', 'list'),
  ],
  license: [
    f('license-full', 'bool'),
    f('ignored-licenses', 'list'),
    f('license-confidence-level', 'float'),
    f('license-forbidden', 'list'),
    f('license-restricted', 'list'),
    f('license-reciprocal', 'list'),
    f('license-notice', 'list'),
    f('license-permissive', 'list'),
    f('license-unencumbered', 'list'),
  ],
  misconf: [
    f('include-non-failures', 'bool'),
    f('reset-checks-bundle', 'bool', { aliases: ['reset-policy-bundle'] }),
    f('checks-bundle-repository', 'string', { aliases: ['policy-bundle-repository'] }),
    f('helm-set', 'list'),
    f('helm-set-file', 'list'),
    f('helm-set-string', 'list'),
    f('helm-values', 'list'),
    f('helm-api-versions', 'list'),
    f('helm-kube-version', 'string'),
    f('tf-vars', 'list'),
    f('cf-params', 'list'),
    f('misconfig-scanners', 'list'),
    f('config-file-schemas', 'list'),
    f('render-cause', 'list'),
  ],
  module: [f('module-dir', 'string'), f('enable-modules', 'list')],
  package: [
    f('include-dev-deps', 'bool'),
    f('pkg-types', 'list', { aliases: ['vuln-type'] }),
    f('pkg-relationships', 'list'),
  ],
  client: [
    f('token', 'string'),
    f('token-header', 'string'),
    f('path-prefix', 'string'),
    f('server', 'string'),
    f('custom-headers', 'list'),
  ],
  registry: [
    f('username', 'list'),
    f('password', 'list'),
    f('password-stdin', 'bool'),
    f('registry-token', 'string'),
  ],
  rego: [
    f('include-deprecated-checks', 'bool'),
    // Renamed from --skip-policy-update in v0.51.0 (#6476); the old name stays an alias.
    f('skip-check-update', 'bool', { since: '0.51.0', aliases: ['skip-policy-update'] }),
    f('trace-rego', 'bool', { aliases: ['trace'] }),
    f('config-check', 'list', { aliases: ['policy', 'config-policy'] }),
    f('config-data', 'list', { aliases: ['data'] }),
    f('check-namespaces', 'list', { aliases: ['namespaces', 'policy-namespaces'] }),
    f('rego-error-limit', 'int'),
  ],
  report: [
    f('format', 'string', { short: 'f', values: FORMATS }),
    f('report', 'string', { values: ['all', 'summary'] }),
    f('template', 'string', { short: 't' }),
    f('dependency-tree', 'bool'),
    f('list-all-pkgs', 'bool'),
    f('ignorefile', 'string'),
    f('ignore-policy', 'string'),
    f('exit-code', 'int'),
    f('exit-on-eol', 'int'),
    f('output', 'string', { short: 'o' }),
    f('output-plugin-arg', 'string'),
    f('severity', 'list', { short: 's', values: SEVERITY_NAMES }),
    f('compliance', 'string'),
    f('show-suppressed', 'bool'),
    f('table-mode', 'list'),
  ],
  scan: [
    f('skip-dirs', 'list'),
    f('skip-files', 'list'),
    f('offline-scan', 'bool'),
    // Renamed from --security-checks in v0.37.0 (#3467); the old name stays an alias.
    f('scanners', 'list', { since: '0.37.0', aliases: ['security-checks'] }),
    f('file-patterns', 'list'),
    f('parallel', 'int'),
    f('sbom-sources', 'list'),
    f('rekor-url', 'string'),
    f('slow', 'bool'),
    f('detection-priority', 'string'),
    f('distro', 'string'),
    // Added in v0.63.0 (#8553); on `trivy config` only in v0.64.0 (#8951), see CONFIG below.
    f('skip-version-check', 'bool', { since: '0.63.0' }),
    f('disable-telemetry', 'bool', { since: '0.63.0' }),
  ],
  secret: [f('secret-config', 'string')],
  vulnerability: [
    f('ignore-unfixed', 'bool'),
    f('ignore-status', 'list'),
    f('vex', 'list'),
    f('skip-vex-repo-update', 'bool'),
    f('vuln-severity-source', 'list'),
  ],
  k8s: [
    f('kubeconfig', 'string'),
    f('k8s-version', 'string'),
    f('tolerations', 'list'),
    f('disable-node-collector', 'bool'),
    f('node-collector-namespace', 'string'),
    f('node-collector-imageref', 'string'),
    f('exclude-owned', 'bool'),
    f('skip-images', 'bool'),
    f('exclude-nodes', 'list'),
    f('exclude-kinds', 'list'),
    f('include-kinds', 'list'),
    f('exclude-namespaces', 'list'),
    f('include-namespaces', 'list'),
    f('qps', 'float'),
    f('burst', 'int'),
  ],
  repo: [f('branch', 'string'), f('commit', 'string'), f('tag', 'string')],
};

/** Flags of the listed groups, minus the names in `without` (the fields app.go sets to nil). */
function pick(groups, without = []) {
  return groups.flatMap((g) => GROUPS[g] ?? []).filter((spec) => !without.includes(spec.name));
}

const VERSION_FORMAT = f('format', 'string', { short: 'f' });

const CONFIG_SCAN_FLAGS = [
  f('skip-dirs', 'list'),
  f('skip-files', 'list'),
  f('file-patterns', 'list'),
  f('skip-version-check', 'bool', { since: '0.64.0' }),
  f('disable-telemetry', 'bool', { since: '0.64.0' }),
];

/**
 * @typedef {{ name: string, aliases: string[], use: string, flags: FlagSpec[], defaultScanners?: string[] }} CommandSpec
 * @type {CommandSpec[]}
 */
export const COMMANDS = [
  {
    name: 'image',
    aliases: ['i'],
    use: 'image [flags] IMAGE_NAME',
    defaultScanners: ['vuln', 'secret'],
    flags: [
      ...pick(
        [
          'global',
          'cache',
          'db',
          'image',
          'license',
          'misconf',
          'module',
          'package',
          'client',
          'registry',
          'rego',
          'report',
          'scan',
          'secret',
          'vulnerability',
        ],
        ['cf-params', 'tf-vars', 'include-dev-deps'],
      ),
    ],
  },
  {
    name: 'filesystem',
    aliases: ['fs'],
    use: 'filesystem [flags] PATH',
    defaultScanners: ['vuln', 'secret'],
    flags: pick(
      [
        'global',
        'cache',
        'db',
        'license',
        'misconf',
        'module',
        'package',
        'client',
        'registry',
        'rego',
        'report',
        'scan',
        'secret',
        'vulnerability',
      ],
      ['exit-on-eol'],
    ),
  },
  {
    name: 'repository',
    aliases: ['repo'],
    use: 'repository [flags] (REPO_PATH | REPO_URL)',
    defaultScanners: ['vuln', 'secret'],
    flags: pick(
      [
        'global',
        'cache',
        'db',
        'license',
        'misconf',
        'module',
        'package',
        'registry',
        'rego',
        'client',
        'report',
        'scan',
        'secret',
        'vulnerability',
        'repo',
      ],
      ['report', 'compliance', 'exit-on-eol', 'distro'],
    ),
  },
  {
    name: 'config',
    aliases: ['conf'],
    use: 'config [flags] DIR',
    defaultScanners: ['misconfig'],
    flags: [
      ...pick(
        ['global', 'cache', 'misconf', 'module', 'registry', 'rego', 'report'],
        ['dependency-tree', 'list-all-pkgs', 'exit-on-eol', 'show-suppressed'],
      ),
      f('k8s-version', 'string'),
      ...CONFIG_SCAN_FLAGS,
    ],
  },
  {
    name: 'kubernetes',
    aliases: ['k8s'],
    use: 'kubernetes [flags] [CONTEXT]',
    flags: [
      ...pick(
        [
          'global',
          'cache',
          'db',
          'k8s',
          'misconf',
          'package',
          'rego',
          'report',
          'scan',
          'secret',
          'registry',
          'vulnerability',
        ],
        ['cf-params', 'tf-vars', 'include-dev-deps', 'exit-on-eol', 'table-mode'],
      ),
      f('image-src', 'list'),
    ],
  },
  { name: 'version', aliases: [], use: 'version [flags]', flags: [...GROUPS.global, VERSION_FORMAT] },
];

/** The root command: global flags and the version format. */
export const ROOT = {
  name: '',
  aliases: [],
  use: 'trivy [global flags] command [flags] target',
  flags: [...GROUPS.global, VERSION_FORMAT],
};

/** Every flag of any command, to skip over flag values while looking for the subcommand. */
export const ALL_FLAGS = [...ROOT.flags, ...COMMANDS.flatMap((c) => c.flags)];

export { SEVERITY_NAMES };
