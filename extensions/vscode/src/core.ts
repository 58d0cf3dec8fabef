import * as vscode from 'vscode';
import { createFindingsCore, type FindingsCore } from '@trivy-findings/core/host/findingsCore.js';
import { ExecTrivyRunner } from '@trivy-findings/core/node/execTrivyRunner.js';
import { loadKubeConfig } from '@trivy-findings/core/node/kubeConfigLoader.js';
import { kubeClusterSource } from '@trivy-findings/core/node/kubeSessions.js';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';
import { Settings } from './commands.js';
import { clusterSettings } from './settings.js';

/**
 * The extension's one core, composed as ARCHITECTURE.md's host example does: the file reader over
 * `workspace.fs`, the `trivy` of the settings (its path read on every run, so a changed path
 * applies to the next run), cluster sources over client-node for any kubeconfig context (the
 * kubeconfig files are read again for each session, so a context added since, or a renewed login,
 * is seen), and the core's log on the extension's log channel. Features take the parts they need
 * from it: the Cluster view its sessions, the diagnostics its manifest workspace and live link,
 * the local scans its `scans`.
 */
export function createExtensionCore(files: FileReader, log: vscode.LogOutputChannel): FindingsCore {
  const trivyPath = () => vscode.workspace.getConfiguration().get<string>(Settings.trivyPath) || 'trivy';
  return createFindingsCore(
    {
      files,
      trivy: new ExecTrivyRunner(trivyPath),
      clusterSource: (context) => kubeClusterSource(loadKubeConfig({ context })),
      log: (level, message) =>
        level === 'error' ? log.error(message) : level === 'warning' ? log.warn(message) : log.info(message),
    },
    {
      // Getters: the core spreads these options into each session it opens, so a session opened
      // after a settings change (the Cluster view reconnects on one) takes the new values.
      session: {
        get kinds() {
          return clusterSettings().kinds;
        },
        get namespaces() {
          const namespaces = clusterSettings().namespaces;
          return namespaces.length > 0 ? namespaces : undefined;
        },
      },
    },
  );
}
