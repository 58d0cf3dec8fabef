import type { PageMessage } from '../../src/scanViewer/protocol.js';
import type { SavedView } from './viewerState.js';

/** What VS Code gives a webview page (`acquireVsCodeApi`, callable once per page). */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The page's side of the channel to the extension host: typed messages out, and the saved view. */
export interface HostChannel {
  post(message: PageMessage): void;
  /** The filter, sort and selection saved before the page was last unloaded (hidden, reloaded). */
  readonly saved: SavedView | undefined;
  save(view: SavedView): void;
}

/** Connects to the host; messages from it arrive as `message` events on `window`. */
export function connectToHost(api: VsCodeApi = acquireVsCodeApi()): HostChannel {
  return {
    post: (message) => api.postMessage(message),
    saved: (api.getState() as SavedView | undefined) ?? undefined,
    save: (view) => api.setState(view),
  };
}
