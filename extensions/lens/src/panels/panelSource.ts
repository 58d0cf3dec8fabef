import type { Disposable } from '../../../../shared/src/model/disposable.js';
import type { ObjectRef } from '../../../../shared/src/ports/clusterSource.js';
import type {
  CarriersData,
  NamespacePanelData,
  ObjectPanelData,
  OverviewData,
  Rescan,
} from './panelModel.js';

/**
 * Where the registered sections and pages get their data: the cluster frame's store, through the
 * plumbing that connects it (one source per cluster frame, each frame running its own copy of the
 * bundle). Every answer is plain data, computed when asked; `onDidChange` says when to ask again.
 */
export interface PanelSource {
  objectPanel(object: ObjectRef): ObjectPanelData;
  namespacePanel(namespace: string): NamespacePanelData;
  overview(): OverviewData;
  carriers(id: string): CarriersData;
  readonly rescan: Rescan;
  onDidChange(listener: () => void): Disposable;
}

let current: PanelSource | undefined;
let currentSubscription: Disposable | undefined;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of [...listeners]) listener();
}

/** Makes `source` the one the panels read, until the returned disposable is disposed. */
export function connectPanelSource(source: PanelSource): Disposable {
  currentSubscription?.dispose();
  current = source;
  currentSubscription = source.onDidChange(notify);
  notify();
  return {
    dispose: () => {
      if (current !== source) return;
      currentSubscription?.dispose();
      current = currentSubscription = undefined;
      notify();
    },
  };
}

/** The connected source; `undefined` until the plumbing connects one. */
export function panelSource(): PanelSource | undefined {
  return current;
}

/** Fires when a source is connected or disconnected, and whenever the connected one changes. */
export function onPanelSourceChange(listener: () => void): Disposable {
  listeners.add(listener);
  return { dispose: () => void listeners.delete(listener) };
}
