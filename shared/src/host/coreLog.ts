/**
 * Where the façade says what it did, for a host's log channel (VS Code's Output panel, Lens's
 * logger): scans started and cancelled, contexts shown, findings placed. Plain strings; report
 * text in them is the host's to keep out of HTML, as everywhere.
 */
export type CoreLog = (level: 'info' | 'warning' | 'error', message: string) => void;

/** The log of a host that gives none. */
export const SILENT_LOG: CoreLog = () => undefined;
