import type { CvssScore, Finding, Suppression } from '@trivy-findings/core/model/finding.js';
import { escapeMarkdown, markdownLink } from './markdownText.js';

/** At most this many reference links per finding; advisories list dozens. */
const MAX_LINKS = 6;

/** One finding as Markdown, every piece of report text escaped. */
export function findingMarkdown(f: Finding): string {
  const parts: string[] = [`**${escapeMarkdown(f.title || f.id)}**`];
  parts.push(
    [
      escapeMarkdown(f.id),
      escapeMarkdown(f.severity),
      escapeMarkdown(f.type),
      f.suppressed ? 'suppressed' : undefined,
    ]
      .filter((x) => x !== undefined)
      .join(' · '),
  );
  if (f.suppression) parts.push(suppressionText(f.suppression));
  if (f.message && f.message !== f.title) parts.push(escapeMarkdown(f.message));
  if (f.description && f.description !== f.message) parts.push(escapeMarkdown(f.description));
  if (f.resolution) parts.push(`**Resolution:** ${escapeMarkdown(f.resolution)}`);
  if (f.package) {
    const p = f.package;
    const versions = p.fixedVersion
      ? `${escapeMarkdown(p.installedVersion ?? '?')} → ${escapeMarkdown(p.fixedVersion)}`
      : `${escapeMarkdown(p.installedVersion ?? '?')}, no fixed version${p.status ? ` (${escapeMarkdown(p.status)})` : ''}`;
    parts.push(`**Package:** ${escapeMarkdown(p.name)} ${versions}`);
  }
  const cvss = f.cvss.map(cvssText).filter((t) => t !== undefined);
  if (cvss.length > 0) parts.push(`**CVSS:** ${cvss.join(' · ')}`);
  const links = [...new Set([f.primaryUrl, ...f.references].filter((u): u is string => u !== undefined))]
    .map(markdownLink)
    .filter((l): l is string => l !== undefined)
    .slice(0, MAX_LINKS);
  if (links.length > 0) parts.push(links.join(' · '));
  return parts.join('\n\n');
}

/** "**Suppressed** by .trivyignore.yaml line 3, until 2031-01-31: the statement". */
function suppressionText(s: Suppression): string {
  const where = s.source ? ` by ${escapeMarkdown(s.source)} line ${s.line}` : '';
  const until = s.expiresAt ? `, until ${escapeMarkdown(s.expiresAt)}` : ', with no expiry';
  return `**Suppressed**${where}${until}${s.statement ? `: ${escapeMarkdown(s.statement)}` : ''}`;
}

function cvssText(c: CvssScore): string | undefined {
  const [score, vector, version] =
    c.v40Score !== undefined
      ? [c.v40Score, c.v40Vector, '4.0']
      : c.v3Score !== undefined
        ? [c.v3Score, c.v3Vector, '3']
        : [c.v2Score, c.v2Vector, '2'];
  if (score === undefined) return undefined;
  return `${escapeMarkdown(c.source)} ${escapeMarkdown(String(score))} (v${version}${vector ? `, ${escapeMarkdown(vector)}` : ''})`;
}
