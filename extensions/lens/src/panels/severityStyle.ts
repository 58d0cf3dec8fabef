import type { Severity } from '../../../../shared/src/model/severity.js';

/**
 * The colours of severities, the only ones in the extension: Trivy's order of alarm, readable
 * on the light and the dark themes of both hosts (white text, dark text on the yellow).
 */
export const SEVERITY_STYLE: Readonly<
  Record<Severity, { readonly background: string; readonly color: string }>
> = {
  CRITICAL: { background: '#b71c1c', color: '#ffffff' },
  HIGH: { background: '#e65100', color: '#ffffff' },
  MEDIUM: { background: '#f9a825', color: '#1b1b1b' },
  LOW: { background: '#1565c0', color: '#ffffff' },
  UNKNOWN: { background: '#616161', color: '#ffffff' },
};

/** The class of a badge in a severity's colours (the rules are in {@link SEVERITY_CSS}). */
export function severityClass(severity: Severity): string {
  return `TrivyFindingsSeverity-${severity}`;
}

/**
 * The rules of the severity classes, one stylesheet for a whole section rather than a style
 * attribute on every badge: parsing an inline style per row was a fifth of a long table's first
 * render (in jsdom; browsers pay for it too). `.Badge` doubles the class so the hosts' own badge
 * colours do not win.
 */
export const SEVERITY_CSS = Object.entries(SEVERITY_STYLE)
  .map(([s, c]) => `.Badge.${severityClass(s as Severity)}{background:${c.background};color:${c.color}}`)
  .join('\n');
