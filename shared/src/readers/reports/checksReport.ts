import { canonicalCheckId, type CanonicalCheckId } from '../../model/checkIds.js';
import type { Finding, FindingType, Origin, ResourceRef } from '../../model/finding.js';
import { parseSeverity } from '../../model/severity.js';
import { isRecord, text } from '../fields.js';
import { newCompactFinding } from '../findingDraft.js';
import { forEachEntry, reportList } from './reportEntries.js';
import { joinMessages, scannerOrigin, type ReportHeader } from './reportHeader.js';
import { reportResource, withContainer } from './reportResource.js';

/**
 * ConfigAuditReport, RbacAssessmentReport, InfraAssessmentReport and their Cluster* forms: a list
 * of `report.checks[]`, each with `success`. Failed checks are findings; passed ones only when
 * asked for (outcome `pass`). The finding type comes from the kind table (misconfiguration, rbac,
 * infra).
 *
 * Starboard before 0.12 also wrote `podChecks[]` and `containerChecks{container: []}`, with a
 * single `message` per check (starboard `pkg/apis/aquasecurity/v1alpha1/config_audit_types.go`);
 * they are read the same way, container checks on the container.
 */
export function readChecksReport(
  h: ReportHeader,
  report: Readonly<Record<string, unknown>>,
  type: FindingType,
): Finding[] {
  const state: ChecksState = {
    h,
    type,
    origin: scannerOrigin(h, report),
    resource: reportResource(h),
    containers: new Map(),
    findings: [],
  };
  readCheckList(state, report.checks, 'report.checks', undefined);
  readCheckList(state, report.podChecks, 'report.podChecks', undefined);
  if (isRecord(report.containerChecks)) {
    for (const [container, checks] of Object.entries(report.containerChecks)) {
      readCheckList(state, checks, `report.containerChecks.${container}`, container);
    }
  }
  return state.findings;
}

interface ChecksState {
  readonly h: ReportHeader;
  readonly type: FindingType;
  readonly origin: Origin;
  readonly resource: ResourceRef | undefined;
  /** One resource object per container, shared by that container's findings. */
  readonly containers: Map<string, ResourceRef>;
  readonly findings: Finding[];
}

function readCheckList(s: ChecksState, value: unknown, where: string, container: string | undefined): void {
  const list = reportList(s.h, value, where, 'checks');
  if (!list) return;
  forEachEntry(s.h, list, where, (c) => {
    const rawId = text(c.checkID);
    if (!rawId) return 'has no checkID';
    if (typeof c.success !== 'boolean') return `check ${rawId} has no boolean "success"`;
    if (c.success && !s.h.ctx.includePassed) return;
    // Titles, descriptions and remediations repeat in every report that runs the check: pooled.
    const strings = s.h.ctx.strings;
    const canonical = cachedCheckId(rawId);
    const id = strings.intern(canonical.id);
    const aliases = canonical.aliases;
    const f = newCompactFinding(
      s.type,
      id,
      aliases,
      parseSeverity(c.severity),
      strings.text(c.title) ?? id,
      c.success ? 'pass' : 'fail',
      s.origin,
    );
    const description = strings.text(c.description);
    if (description) f.description = description;
    const message = joinMessages(c.messages, c.message);
    if (message) f.message = strings.intern(message);
    const resolution = strings.text(c.remediation);
    if (resolution) f.resolution = resolution;
    const category = strings.text(c.category);
    if (category) f.category = category;
    const resource = checkResource(s, container ?? scopedContainer(c.scope));
    if (resource) f.resource = resource;
    s.findings.push(f);
  });
}

/** `scope: {type: Container, value: nginx}` narrows a check to one container. */
function scopedContainer(scope: unknown): string | undefined {
  return isRecord(scope) && scope.type === 'Container' ? text(scope.value) : undefined;
}

function checkResource(s: ChecksState, container: string | undefined): ResourceRef | undefined {
  if (!s.resource || !container || s.resource.container === container) return s.resource;
  let r = s.containers.get(container);
  if (!r) {
    r = withContainer(s.h.ctx.strings, s.resource, container);
    s.containers.set(container, r);
  }
  return r;
}

// Check ids come from a few hundred upstream checks; caching their canonical form shares one
// id string and one aliases array across every report in the store. Bounded, because report
// text is untrusted and could invent any number of ids.
const CHECK_ID_CACHE = new Map<string, CanonicalCheckId>();
const CHECK_ID_CACHE_LIMIT = 4096;

/** `canonicalCheckId` for a check id of a report, memoised. */
export function cachedCheckId(raw: string): CanonicalCheckId {
  let c = CHECK_ID_CACHE.get(raw);
  if (!c) {
    c = canonicalCheckId({ id: raw });
    if (CHECK_ID_CACHE.size >= CHECK_ID_CACHE_LIMIT) CHECK_ID_CACHE.clear();
    CHECK_ID_CACHE.set(raw, c);
  }
  return c;
}
