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
