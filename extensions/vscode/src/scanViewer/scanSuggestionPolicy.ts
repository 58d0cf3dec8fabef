// When the viewer is suggested for a file opened as text. Pure: the host's memento comes in through
// a two-method interface, so the rules are tested without VS Code.
import { readSourceText } from '@trivy-findings/core/readers/readSource.js';

/** Texts longer than this are not read to decide: the command and "Reopen Editor With…" still open them. */
export const SUGGEST_LIMIT_CHARS = 4 * 1024 * 1024;

/**
 * Whether `text` is a scan or report the viewer shows, by content as the core reads it (never by
 * file name): any Trivy, SARIF or CycloneDX document the core recognises, and report objects
 * with at least one result. Manifests (Deployments, Pods, Lists of them) are report-object files
 * without results, so they are never taken for scans; nor is any other JSON or YAML.
 */
export function isScanText(text: string): boolean {
  if (text.length > SUGGEST_LIMIT_CHARS) return false;
  const read = readSourceText(text, 'suggestion', { includePassed: true });
  if (read.format === 'unknown') return false;
  return read.format !== 'report-object' || read.findings.length > 0;
}

/** The part of VS Code's `Memento` the policy uses. */
export interface SuggestionMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** The memento key of what the user declined in this workspace. */
export const DECLINED_KEY = 'trivyFindings.scanViewer.declined';

interface Declined {
  readonly files: readonly string[];
  readonly workspace: boolean;
}

/**
 * Asks once per file and session, and never again for a file or a workspace the user said "don't
 * ask" for (kept in the workspace's memento, so it holds across sessions).
 */
export class SuggestionPolicy {
  private readonly asked = new Set<string>();

  constructor(private readonly memory: SuggestionMemory) {}

  /** Whether the viewer may be suggested for the file `uri`; true marks it asked for this session. */
  claim(uri: string): boolean {
    const declined = this.declined();
    if (declined.workspace || declined.files.includes(uri) || this.asked.has(uri)) return false;
    this.asked.add(uri);
    return true;
  }

  declineFile(uri: string): PromiseLike<void> {
    const declined = this.declined();
    return this.memory.update(DECLINED_KEY, {
      ...declined,
      files: [...declined.files.filter((f) => f !== uri), uri],
    });
  }

  declineWorkspace(): PromiseLike<void> {
    return this.memory.update(DECLINED_KEY, { ...this.declined(), workspace: true });
  }

  private declined(): Declined {
    const stored = this.memory.get<Partial<Declined>>(DECLINED_KEY);
    return {
      files: Array.isArray(stored?.files) ? stored.files.filter((f) => typeof f === 'string') : [],
      workspace: stored?.workspace === true,
    };
  }
}
