import * as vscode from 'vscode';
import { REPORT_KINDS, type ReportKind } from '@trivy-findings/core/model/reportKinds.js';
import { Settings } from './commands.js';

/** The cluster settings as the extension uses them, read in one place. */
export interface ClusterSettings {
  readonly enabled: boolean;
  /** A kubeconfig context; `undefined` follows the kubeconfig's `current-context`. */
  readonly context: string | undefined;
  /** Watch only these namespaces; empty = every namespace the user may list. */
  readonly namespaces: readonly string[];
  /** Watch only these report kinds; `undefined` = every kind of the table. */
  readonly kinds: readonly ReportKind[] | undefined;
}

/** Reads the cluster settings; values of the wrong type count as unset. */
export function clusterSettings(): ClusterSettings {
  const config = vscode.workspace.getConfiguration();
  const context = config.get<unknown>(Settings.clusterContext);
  const kindNames = strings(config.get<unknown>(Settings.clusterKinds));
  return {
    enabled: config.get<unknown>(Settings.clusterEnabled) !== false,
    context: typeof context === 'string' && context.trim() !== '' ? context.trim() : undefined,
    namespaces: strings(config.get<unknown>(Settings.clusterNamespaces)),
    kinds:
      kindNames.length === 0
        ? undefined
        : REPORT_KINDS.filter((k) => kindNames.some((n) => n.toLowerCase() === k.kind.toLowerCase())),
  };
}

/** Whether a configuration change touches what a cluster session is opened with. */
export function affectsClusterSession(e: vscode.ConfigurationChangeEvent): boolean {
  return [
    Settings.clusterEnabled,
    Settings.clusterContext,
    Settings.clusterNamespaces,
    Settings.clusterKinds,
  ].some((key) => e.affectsConfiguration(key));
}

/**
 * `trivyFindings.trivy.extraArgs` as given (not trimmed: each item is one argv item); items that
 * are not strings are dropped. The core checks them (`checkedExtraArgs`) when it builds a run.
 */
export function trivyExtraArgs(): string[] {
  const value = vscode.workspace.getConfiguration().get<unknown>(Settings.trivyExtraArgs);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim())
    : [];
}
