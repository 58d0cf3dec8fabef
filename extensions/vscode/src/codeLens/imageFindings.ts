import type * as vscode from 'vscode';
import type { FindingsCore } from '@trivy-findings/core/host/findingsCore.js';
import type { IgnoreMatcher } from '@trivy-findings/core/ignore/trivyIgnoreMatcher.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { toLine0 } from '@trivy-findings/core/model/lines.js';
import { keyOf } from '../diagnostics/manifestFeed.js';
import { isClusterFinding } from '../diagnostics/workspaceDiagnostics.js';
import { artifactRef, normaliseImage } from './imageCounts.js';

/**
 * The cluster's vulnerabilities of an `image:` line (0-based `line`) of `context`: those the core
 * placed on the line (the workload's container, by the digest the cluster's report names), else
 * those of the cluster's reports about the same image reference. What the CodeLens counts and
 * what the viewer it opens lists: one function, so both always agree. `shown` is the filters'
 * predicate (suppressed findings hidden unless shown), so both count what the filters show;
 * `ignore` marks what the workspace's ignore file suppresses among the store's own findings (the
 * placed ones are marked already).
 */
export function imageFindings(
  core: Pick<FindingsCore, 'workspace' | 'clusters'>,
  context: string,
  document: vscode.Uri,
  line: number,
  image: string,
  shown: (f: Finding) => boolean,
  ignore?: IgnoreMatcher,
): Finding[] {
  const placed = core.workspace
    .placements(keyOf(document))
    .filter(
      (p) =>
        p.finding.type === 'vulnerability' &&
        isClusterFinding(p.finding) &&
        toLine0(p.range.startLine) === line &&
        shown(p.finding),
    )
    .map((p) => p.finding);
  return placed.length > 0 ? placed : byReference(core, context, image, shown, ignore);
}

/** The cluster's vulnerabilities of the images its reports name by this reference. */
function byReference(
  core: Pick<FindingsCore, 'clusters'>,
  context: string,
  image: string,
  shown: (f: Finding) => boolean,
  ignore: IgnoreMatcher | undefined,
): Finding[] {
  const store = core.clusters.get(context)?.store;
  if (!store) return [];
  const wanted = normaliseImage(image);
  return store
    .images()
    .filter((i) => i.artifact && normaliseImage(artifactRef(i.artifact)) === wanted)
    .flatMap((i) =>
      ignore ? ignore.apply(store.findingsForImage(i.digest)) : store.findingsForImage(i.digest),
    )
    .filter((f) => f.type === 'vulnerability' && shown(f));
}
