import type { Line0 } from '../model/lines.js';

/** A place in a text as editors count it: 0-based line, UTF-16 code units into the line. */
export interface TextPosition {
  readonly line: Line0;
  readonly character: number;
}

/**
 * One replacement in one file: the text from `start` to `end` (also given as offsets into the
 * text the fix was computed on) becomes `newText`. Edits of one fix never overlap.
 */
export interface FileEdit {
  /** The file, as the caller named it (`FixContext.manifest.path`, `helmValues.path`, an ignore file). */
  readonly path: string;
  readonly start: TextPosition;
  readonly end: TextPosition;
  readonly startOffset: number;
  readonly endOffset: number;
  readonly newText: string;
  /**
   * Parts of `newText` the user is expected to change (the default values of resource requests
   * and limits), as offsets into `newText`. A host may offer them as snippet fields; applying
   * `newText` as it is gives a valid manifest too.
   */
  readonly placeholders: readonly { readonly offset: number; readonly length: number }[];
}

/** What a fix does, so a host can group or filter fixes without reading titles. */
export type FixKind =
  | 'security-context'
  | 'drop-capabilities'
  | 'remove-capabilities'
  | 'resources'
  | 'pin-image-digest'
  | 'pin-image-tag';

/** A fix for one finding: edits any host can apply (and undo) as they are. */
export interface Fix {
  readonly title: string;
  /** The finding's id (canonical spelling). */
  readonly checkId: string;
  readonly kind: FixKind;
  /** The one fix that is clearly right for the finding (a host may apply it on a single key press). */
  readonly preferred: boolean;
  /** Empty while `needs` is set. */
  readonly edits: readonly FileEdit[];
  /**
   * The fix needs a value only the user can give before it has edits: ask for it, then call
   * `fixesForFinding` again with it in the context (`imageTag`), which returns the same fix with edits.
   */
  readonly needs?: 'imageTag';
}

/** A text of the workspace, by the name the host gives it. */
export interface NamedText {
  readonly path: string;
  readonly text: string;
}

/** Resource quantities written by the resource fixes, as Kubernetes quantity strings. */
export interface ResourceDefaults {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/**
 * Written when the host configures nothing: a small web service's needs, for the user to adjust
 * (hosts offer them as placeholders). A limit is never written below the request already there,
 * nor a request above the limit already there (the API server rejects both).
 */
export const DEFAULT_RESOURCES: ResourceDefaults = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

/** An image the cluster runs for the finding's workload, from its reports (`Finding.artifact`). */
export interface RunningImage {
  readonly registry?: string;
  readonly repository?: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** What a host knows when it asks for the fixes of a finding. */
export interface FixContext {
  /** The manifest (or Helm template) the finding is shown on. */
  readonly manifest: NamedText;
  /**
   * The chart's `values.yaml` when the manifest is a Helm template: a key the template fills with
   * `{{ toYaml .Values.x | nindent n }}` is fixed there, since the template has no line for it.
   */
  readonly helmValues?: NamedText;
  /** Default `DEFAULT_RESOURCES`. */
  readonly resources?: ResourceDefaults;
  /** Images the cluster's reports say the workload runs; a digest among them can pin an image. */
  readonly runningImages?: readonly RunningImage[];
  /** A tag the user chose for pinning the image (see `Fix.needs`). */
  readonly imageTag?: string;
}
