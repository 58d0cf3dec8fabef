import * as vscode from 'vscode';
import type { FindingsCore } from '@trivy-findings/core/host/findingsCore.js';
import type { IgnoreMatcher } from '@trivy-findings/core/ignore/trivyIgnoreMatcher.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import type { WorkloadRef } from '@trivy-findings/core/model/workloadRef.js';
import { imageFindings } from '../codeLens/imageFindings.js';
import { Commands, ViewTypes } from '../commands.js';
import { registerCommand } from '../registerCommand.js';
import type { ViewerHandle, ViewerRead } from '../scanViewer/scanViewerSession.js';
import {
  FINDING_SET_SCHEME,
  findingSetUriParts,
  parseFindingSetQuery,
  type FindingSetQuery,
} from './findingSetQuery.js';

/** The URI of a finding set: what `vscode.openWith` opens in the scan viewer. */
export function findingSetUri(query: FindingSetQuery): vscode.Uri {
  return vscode.Uri.from({ scheme: FINDING_SET_SCHEME, ...findingSetUriParts(query) });
}

/**
 * Sets of the cluster's findings that are not files — a namespace's, an image line's (what its
 * CodeLens counts) — for the scan viewer to open like a scan file: each viewer holds a handle whose
 * `load()` reads the set from the shown session's store when asked, and which tells the viewer to
 * load again when the store (or, for an image line, the workspace's placements) changes. A URI is
 * untrusted input (a link, a restored tab): one that does not parse is a problem the page shows.
 */
export class FindingSets implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly core: Pick<FindingsCore, 'workspace' | 'clusters'>,
    /** The filters every view shows through: a set holds what the views and the CodeLens count. */
    private readonly filters: {
      readonly matches: (f: Finding) => boolean;
      /** The workspace ignore file's matcher, which suppresses the cluster's findings too. */
      readonly ignore?: IgnoreMatcher;
      readonly onDidChange: vscode.Event<unknown>;
    },
  ) {
    this.disposables.push(
      // VS Code opens an editor only on a URI some file system serves: this one serves a line of
      // text per set, read-only; the viewer never reads it.
      vscode.workspace.registerFileSystemProvider(FINDING_SET_SCHEME, new FindingSetFileSystem(), {
        isReadonly: true,
        isCaseSensitive: true,
      }),
      registerCommand(Commands.openFindingSet, (query) => this.open(query)),
    );
  }

  /** Opens the set in the scan viewer. */
  async open(query: FindingSetQuery): Promise<void> {
    await vscode.commands.executeCommand('vscode.openWith', findingSetUri(query), ViewTypes.scanViewer, {
      preview: false,
    });
  }

  /** A viewer's hold on the set a URI names, until disposed. */
  acquire(uri: vscode.Uri): ViewerHandle {
    const changed = new vscode.EventEmitter<void>();
    const query = parseFindingSetQuery(uri.query);
    const subscriptions: { dispose(): void }[] = [changed];
    if (query) {
      subscriptions.push(
        this.filters.onDidChange(() => changed.fire()),
        this.core.clusters.onDidChange(({ context, change }) => {
          if (context !== query.context) return;
          if (query.scope.kind === 'namespace' && !change.namespaces.includes(query.scope.namespace)) return;
          changed.fire();
        }),
      );
      if (query.scope.kind === 'image')
        subscriptions.push(this.core.workspace.onDidChange(() => changed.fire()));
    }
    return {
      uri,
      load: () => Promise.resolve(this.read(uri, query)),
      onDidChange: changed.event,
      dispose: () => {
        for (const s of subscriptions.splice(0)) s.dispose();
      },
    };
  }

  /** The store's findings as the workspace's ignore file marks them (suppressed, with their entry). */
  private marked(findings: readonly Finding[]): readonly Finding[] {
    return this.filters.ignore ? this.filters.ignore.apply(findings) : findings;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private read(uri: vscode.Uri, query: FindingSetQuery | undefined): ViewerRead {
    const name = titleOf(uri, query);
    const failed = (message: string): ViewerRead => ({
      name,
      read: {
        path: name,
        format: 'unknown',
        findings: [],
        problems: [{ level: 'error', message, source: name }],
      },
      workloadOf: () => undefined,
    });
    if (!query) return failed('This link names no set of cluster findings.');
    const store = this.core.clusters.get(query.context)?.store;
    if (!store)
      return failed(`${query.context} is not open: show it in the Cluster view to see its findings here.`);
    const workloads = new Map<Finding, WorkloadRef>();
    let findings: Finding[];
    if (query.scope.kind === 'namespace') {
      findings = [];
      for (const w of store.workloads(query.scope.namespace))
        for (const f of this.marked(store.findingsForWorkload(w.key))) {
          if (!this.filters.matches(f)) continue;
          findings.push(f);
          workloads.set(f, w.workload);
        }
    } else {
      const { document, line, image } = query.scope;
      let doc: vscode.Uri;
      try {
        doc = vscode.Uri.parse(document, true);
      } catch {
        return failed('This link names no workspace file.');
      }
      findings = imageFindings(
        this.core,
        query.context,
        doc,
        line,
        image,
        this.filters.matches,
        this.filters.ignore,
      );
      const wanted = new Set(findings);
      for (const { finding, workload } of store.findingsWithWorkloads())
        if (wanted.has(finding)) workloads.set(finding, workload);
    }
    const preset = query.filter;
    return {
      name,
      // The cluster's report objects, read by the core's report reader.
      read: { path: name, format: 'report-object', findings, problems: [] },
      workloadOf: (f) => workloads.get(f),
      ...(preset && (preset.upgrade !== undefined || preset.workload !== undefined)
        ? { preset: { key: JSON.stringify(preset), ...preset } }
        : {}),
    };
  }
}

/** `nginx:1.16 in kind-dev`, `namespace payments in kind-dev`: the header of the page. */
function titleOf(uri: vscode.Uri, query: FindingSetQuery | undefined): string {
  if (!query) return uri.path.slice(uri.path.lastIndexOf('/') + 1) || 'cluster findings';
  return query.scope.kind === 'image'
    ? `${query.scope.image} in ${query.context}`
    : `namespace ${query.scope.namespace} in ${query.context}`;
}

/** One read-only file per set URI, holding a sentence: what lets VS Code open the URI in an editor. */
class FindingSetFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly created = Date.now();

  watch(): vscode.Disposable {
    return { dispose: () => undefined };
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    return {
      type: vscode.FileType.File,
      ctime: this.created,
      mtime: this.created,
      size: this.text(uri).byteLength,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return this.text(uri);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  private text(uri: vscode.Uri): Uint8Array {
    const query = parseFindingSetQuery(uri.query);
    return new TextEncoder().encode(
      `Trivy Findings: the cluster findings of ${titleOf(uri, query)}. Open it with the Trivy Findings Scan Viewer.\n`,
    );
  }
}
