import * as path from 'node:path';
import type { TrivyScanKind } from '@trivy-findings/core/trivy/trivyArgs.js';

/** What one local scan covers: a file, a Helm chart's folder, or a folder of lock files. */
export interface ScanTarget {
  readonly scan: TrivyScanKind;
  /** File system path Trivy is given. */
  readonly target: string;
  /** Whether the target is a folder (Trivy's paths are then relative to it). */
  readonly folder: boolean;
}

/** Lock and manifest files of package managers that `trivy fs` reads (of their folder). */
const LOCK_FILES = new Set([
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'go.sum',
  'go.mod',
  'requirements.txt',
  'Pipfile.lock',
  'poetry.lock',
  'Gemfile.lock',
  'Cargo.lock',
  'composer.lock',
  'pom.xml',
  'gradle.lockfile',
  'packages.lock.json',
]);

/**
 * What to scan when `file` is opened or saved, or `undefined` when Trivy has nothing to say
 * about it: a Dockerfile or a Kubernetes YAML → `trivy config` of the file; a file of a Helm
 * chart (a `Chart.yaml` in a folder between it and the workspace folder) → `trivy config` of the
 * chart folder, which Trivy renders; a lock file → `trivy fs` of its folder.
 * `chartRootOf` tells whether a folder holds a `Chart.yaml`.
 */
export function scanTargetOf(
  file: string,
  workspaceFolder: string,
  hasChart: (folder: string) => boolean,
): ScanTarget | undefined {
  const base = path.basename(file);
  if (LOCK_FILES.has(base)) return { scan: 'fs', target: path.dirname(file), folder: true };
  const chart = chartRootOf(file, workspaceFolder, hasChart);
  if (chart && /\.(ya?ml|tpl)$/i.test(base)) return { scan: 'config', target: chart, folder: true };
  if (/^(Dockerfile|Containerfile)(\..+)?$/i.test(base) || /\.(dockerfile|containerfile)$/i.test(base))
    return { scan: 'config', target: file, folder: false };
  if (/\.ya?ml$/i.test(base)) return { scan: 'config', target: file, folder: false };
  return undefined;
}

function chartRootOf(
  file: string,
  workspaceFolder: string,
  hasChart: (folder: string) => boolean,
): string | undefined {
  const root = path.resolve(workspaceFolder);
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    if (hasChart(dir)) return dir;
    if (dir === root || !dir.startsWith(root) || path.dirname(dir) === dir) return undefined;
  }
}
