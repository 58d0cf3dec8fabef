// Ignore files for the .trivyignore tests. They are ours, written in the format Trivy documents
// (docs/docs/configuration/filtering.md, "By Finding IDs": `.trivyignore` lines with `#`
// comments and `exp:YYYY-MM-DD`; `.trivyignore.yaml` sections of entries with id, paths, purls,
// statement, expired_at) and that pkg/result/ignore.go reads (an entry without id needs paths or
// purls; fields after the id and its `exp:` are ignored). The ids are those of our fixtures:
// trivy/image_alpine-3.10_trivy-json.json (CVE-2019-1549/1551 in libcrypto1.1 and libssl1.1),
// trivy/config_helm-testchart_trivy-json.json (KSV-0001 … on templates/deployment.yaml),
// trivy/secret_repo_trivy-json.json (aws-access-key-id and mysecret in deploy.sh).

export const PLAIN = `# Reviewed 2024-05: openssl is only used by apk itself
CVE-2019-1551

# Until the base image moves to alpine 3.11
CVE-2019-1549 exp:2024-06-30

# Old Trivy spelling of the privilege escalation check
AVD-KSV-0001
aws-access-key-id   # fake key in the deploy script
CVE-2020-0001 exp:2024-02-30
CVE-2020-0002 exp:someday
CVE-2020-0003 exp:2099-01-01 owner:platform-team`;

export const YAML = `# Accepted findings, reviewed quarterly.
vulnerabilities:
  - id: CVE-2019-1549
    purls:
      - "pkg:apk/alpine/libssl1.1"
    statement: libssl is not reachable from the app
  - id: CVE-2019-1551
    paths:
      - "docs/**"
  - id: CVE-2019-9999
    expired_at: 2024-06-30

misconfigurations:
  - id: KSV-0001
    paths:
      - "templates/*.yaml"
  - id: KSV-0110
    paths:
      - "docs/**"
    statement: Never matches the chart

secrets:
  - id: aws-access-key-id
    paths:
      - "**/*.sh"

licenses:
  - id: GPL-3.0 # license name as id
`;

export const YAML_WITHOUT_IDS = `vulnerabilities:
  - purls:
      - "pkg:apk/alpine/libcrypto1.1"
    statement: Every finding on libcrypto
misconfigurations:
  - paths:
      - "templates/**"
    statement: Chart templates are checked elsewhere
`;
