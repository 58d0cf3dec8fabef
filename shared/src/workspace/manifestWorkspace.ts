import type { Finding } from '../model/finding.js';
import { Emitter, type Disposable, type Event } from '../model/disposable.js';
import type { Problem } from '../model/problem.js';
import { parseWorkloadKey, workloadKey, type WorkloadRef } from '../model/workloadRef.js';
import { samePath } from '../manifests/findingToRange.js';
import type { ManifestIndex } from '../manifests/manifestIndex.js';
import { workloadCandidates } from '../workloads/ownerResolution.js';
import { IndexCache } from './indexCache.js';
import { RangeMemo } from './rangeMemo.js';
import {
  DEFAULT_MAX_MANIFEST_CHARS,
  readManifestFile,
  type ManifestFile,
  type ManifestFileOptions,
} from './manifestFile.js';
import {
  kindNameKeys,
  WorkloadObjectIndex,
  type ObjectRefLike,
  type WorkspaceObject,
} from './workloadObjects.js';
import {
  appendTo,
  baseName,
  changedFiles,
  mergePlaced,
  NO_PLACEMENTS,
  placement,
  samePlacements,
  targetsOf,
  type FindingSet,
  type Placement,
  type Target,
} from './findingTargets.js';

export type { FindingSet, Placement } from './findingTargets.js';
export type { ManifestFile, ManifestFileKind } from './manifestFile.js';
export type { ObjectRefLike, WorkspaceObject } from './workloadObjects.js';

/**
 * What changed in one call. A host re-publishes the diagnostics of exactly these files and
 * refreshes its views of these workloads.
 */
export interface WorkspaceChange {
  /** Files whose objects, problems or placements changed. */
  readonly files: readonly string[];
  /** Workload keys whose manifest objects or placements changed. */
  readonly workloads: readonly string[];
}

export interface ManifestWorkspaceOptions extends ManifestFileOptions {
  /**
   * The namespace of the kubeconfig context, where `kubectl apply` puts objects that name none; a
   * manifest without `metadata.namespace` then stands only for objects of that namespace.
   * Undefined: such a manifest stands for its kind and name in every namespace.
   */
  readonly defaultNamespace?: string;
  /** Parsed indexes are kept for texts adding up to this many characters (default 8 Mi, about 200 MB of heap). */
  readonly indexCacheChars?: number;
}

/** What the workspace holds and what it has cost; counters only grow. */
export interface WorkspaceStats {
  readonly files: number;
  readonly namedObjects: number;
  readonly findingSets: number;
  readonly cachedIndexes: number;
  readonly cachedChars: number;
  /** Files parsed: one per changed text, plus rebuilds of indexes the cache had dropped. */
  readonly indexBuilds: number;
  /** Identity lookups in the object index. */
  readonly lookups: number;
  /** Calls of `rangeForFinding` (a finding's range in an index is remembered while both exist). */
  readonly rangeCalls: number;
}

const DEFAULT_INDEX_CACHE_CHARS = 8 * 1024 * 1024;

interface FileState {
  readonly file: ManifestFile;
  /** The text, to compare with the next one and to rebuild a dropped index; absent when over the limit. */
  readonly text?: string;
  /** The index of an `other` file (lines only, cheap), kept here rather than in the cache. */
  readonly linesIndex?: ManifestIndex;
}

const NO_TARGETS: readonly Target[] = [];

/**
 * The manifests of a workspace and where findings land in them. The host owns the files: it
 * passes each text in with {@link update} and {@link remove}s it (the core never watches a disk).
 * Each file is parsed once per text; its named objects go into one index by kind and name, so a
 * workload's manifests are found in constant time. Findings are set in batches ({@link setFindings})
 * and placed in one pass: grouped by workload, each workload looked up once, each file's index
 * built once and reused until its text changes — a burst of a thousand reports costs a pass over
 * their findings, not findings × files. {@link onDidChange} says which files and workloads changed.
 */
export class ManifestWorkspace implements Disposable {
  private readonly emitter = new Emitter<WorkspaceChange>();
  /** Fires once per call that changed something, synchronously. */
  readonly onDidChange: Event<WorkspaceChange> = this.emitter.event;

  private readonly files = new Map<string, FileState>();
  private readonly objects = new WorkloadObjectIndex();
  private readonly cache: IndexCache;
  private readonly byBaseName = new Map<string, Set<string>>();
  private readonly sets = new Map<string, readonly Target[]>();
  private readonly byKindName = new Map<string, Set<Target>>();
  private readonly byLocationName = new Map<string, Set<Target>>();
  private readonly byFile = new Map<string, Set<Target>>();
  private defaultNs: string | undefined;
  private disposed = false;
  private readonly ranges = new RangeMemo();
  private counters = { indexBuilds: 0, lookups: 0 };

  constructor(private readonly options: ManifestWorkspaceOptions = {}) {
    this.defaultNs = options.defaultNamespace;
    this.cache = new IndexCache(options.indexCacheChars ?? DEFAULT_INDEX_CACHE_CHARS);
  }

  // ---- files ------------------------------------------------------------------------------

  /** Indexes a file's current text (added or changed). An unchanged text costs nothing. */
  update(path: string, text: string): WorkspaceChange {
    if (this.disposed) return NO_CHANGE;
    const prev = this.files.get(path);
    if (prev?.text === text) return NO_CHANGE;
    const { file, index } = readManifestFile(path, text, this.options);
    this.counters.indexBuilds++;
    this.forgetFile(path, prev);
    this.files.set(path, {
      file,
      ...(text.length <= (this.options.maxChars ?? DEFAULT_MAX_MANIFEST_CHARS) ? { text } : {}),
      ...(file.kind === 'other' ? { linesIndex: index } : {}),
    });
    this.objects.add(path, file.objects);
    addTo(this.byBaseName, baseName(path), path);
    if (file.kind !== 'other') this.cache.set(path, index, text.length);
    return this.fileChanged(path, prev?.file, file);
  }

  /** Forgets a file (deleted, closed, or no longer of interest). */
  remove(path: string): WorkspaceChange {
    if (this.disposed) return NO_CHANGE;
    const prev = this.files.get(path);
    if (!prev) return NO_CHANGE;
    this.forgetFile(path, prev);
    this.files.delete(path);
    removeFrom(this.byBaseName, baseName(path), path);
    return this.fileChanged(path, prev.file, undefined);
  }

  /** The file as indexed: its kind, objects and problems. */
  file(path: string): ManifestFile | undefined {
    return this.files.get(path)?.file;
  }

  /** Paths of the files held, in the order they were first added. */
  paths(): string[] {
    return [...this.files.keys()];
  }

  /** Problems of every file that has some. */
  problems(): Problem[] {
    return [...this.files.values()].flatMap((f) => f.file.problems);
  }

  /**
   * Changes the namespace of manifests that name none (the host's kubeconfig context changed).
   * Every placement by identity is looked up again.
   */
  setDefaultNamespace(namespace: string | undefined): WorkspaceChange {
    if (this.disposed || namespace === this.defaultNs) return NO_CHANGE;
    const before = this.defaultNs;
    this.defaultNs = namespace;
    const files = new Set<string>();
    const workloads = new Set<string>();
    for (const [path, state] of this.files) {
      if (!state.file.objects.some((o) => o.namespace === undefined && o.name !== undefined)) continue;
      for (const key of declaredKeys(state.file, before)) workloads.add(key);
      for (const key of declaredKeys(state.file, namespace)) workloads.add(key);
      files.add(path);
    }
    const targets = new Set<Target>();
    for (const list of this.sets.values()) for (const t of list) if (t.candidates.length > 0) targets.add(t);
    this.replace(targets, files, workloads);
    return this.fire(files, workloads);
  }

  get defaultNamespace(): string | undefined {
    return this.defaultNs;
  }

  // ---- identities -------------------------------------------------------------------------

  /**
   * The manifest objects that describe a workload (`Deployment/shop/web` or a ref), across all
   * files, those of its exact namespace first. Constant time: one map lookup.
   */
  objectsFor(workload: ObjectRefLike | string): readonly WorkspaceObject[] {
    const ref = typeof workload === 'string' ? parseWorkloadKey(workload) : workload;
    if (!ref) return [];
    this.counters.lookups++;
    return this.objects.find(ref, this.defaultNs);
  }

  /**
   * The manifest objects that describe an object of the cluster, where its findings land: the
   * object itself when a file declares it, else the first of its owners found by name (a Pod's
   * ReplicaSet, then Deployment; a Job's CronJob) — the owner-resolution candidates. A Lens page
   * of a Pod opens its Deployment's manifest with this.
   */
  objectsDescribing(resource: ObjectRefLike | string): readonly WorkspaceObject[] {
    const ref = typeof resource === 'string' ? parseWorkloadKey(resource) : resource;
    if (!ref) return [];
    for (const candidate of [ref, ...workloadCandidates(ref)]) {
      this.counters.lookups++;
      const found = this.objects.find(candidate, this.defaultNs);
      if (found.length > 0) return found;
    }
    return [];
  }

  /** The workloads a file describes (named objects), namespace-less ones in the default namespace. */
  workloadsIn(path: string): WorkloadRef[] {
    const file = this.files.get(path)?.file;
    if (!file) return [];
    const out: WorkloadRef[] = [];
    for (const o of file.objects) {
      if (o.kind === undefined || o.name === undefined) continue;
      const namespace = o.namespace ?? this.defaultNs;
      out.push({
        ...(o.apiVersion === undefined ? {} : { apiVersion: o.apiVersion }),
        kind: o.kind,
        ...(namespace === undefined ? {} : { namespace }),
        name: o.name,
        inferred: false,
      });
    }
    return out;
  }

  // ---- findings ---------------------------------------------------------------------------

  /**
   * Replaces the findings of each set (an empty set removes it) and places them, in one pass over
   * the batch. Fires one change with every file whose placements changed.
   */
  setFindings(sets: Iterable<FindingSet>): WorkspaceChange {
    if (this.disposed) return NO_CHANGE;
    const files = new Set<string>();
    const workloads = new Set<string>();
    for (const set of sets) {
      const old = this.sets.get(set.key) ?? NO_TARGETS;
      const before = mergePlaced(old);
      for (const t of old) this.unwatch(t);
      const fresh = set.findings.length === 0 ? NO_TARGETS : targetsOf(set);
      if (fresh.length === 0) this.sets.delete(set.key);
      else this.sets.set(set.key, fresh);
      for (const t of fresh) {
        this.watch(t);
        this.setPlaced(t, this.placeTarget(t));
      }
      const changed = changedFiles(before, mergePlaced(fresh));
      for (const path of changed) files.add(path);
      if (changed.size > 0) for (const t of [...old, ...fresh]) if (t.key) workloads.add(t.key);
    }
    return this.fire(files, workloads);
  }

  /** Where the findings set so far go in one file, in line order. */
  placements(path: string): Placement[] {
    const out: Placement[] = [];
    for (const t of this.byFile.get(path) ?? []) appendTo(out, t.placed.get(path) ?? NO_PLACEMENTS);
    return out.sort((a, b) => a.range.startLine - b.range.startLine);
  }

  /** Files that have placements. */
  placedFiles(): string[] {
    return [...this.byFile.keys()];
  }

  /**
   * Where these findings would go, per file, without keeping them: the same one pass as
   * {@link setFindings}, for a host that shows a scan once.
   */
  place(sets: Iterable<FindingSet>): Map<string, Placement[]> {
    const out = new Map<string, Placement[]>();
    if (this.disposed) return out;
    for (const set of sets) {
      for (const t of targetsOf(set)) {
        for (const [path, list] of this.placeTarget(t)) {
          const all = out.get(path);
          if (all) appendTo(all, list);
          else out.set(path, list);
        }
      }
    }
    return out;
  }

  stats(): WorkspaceStats {
    return {
      files: this.files.size,
      namedObjects: this.objects.size,
      findingSets: this.sets.size,
      cachedIndexes: this.cache.size,
      cachedChars: this.cache.chars,
      ...this.counters,
      rangeCalls: this.ranges.calls,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.emitter.dispose();
    this.files.clear();
    this.cache.clear();
    this.sets.clear();
    this.byKindName.clear();
    this.byLocationName.clear();
    this.byFile.clear();
    this.byBaseName.clear();
  }

  // ---- internals --------------------------------------------------------------------------

  private forgetFile(path: string, prev: FileState | undefined): void {
    if (!prev) return;
    this.objects.remove(path, prev.file.objects);
    this.cache.delete(path);
  }

  /** After a file's text changed: re-places every target the file can concern. */
  private fileChanged(
    path: string,
    before: ManifestFile | undefined,
    after: ManifestFile | undefined,
  ): WorkspaceChange {
    const targets = new Set<Target>(this.byFile.get(path));
    const names = kindNameKeys(before?.objects ?? []);
    for (const k of kindNameKeys(after?.objects ?? [])) names.add(k);
    for (const k of names) for (const t of this.byKindName.get(k) ?? []) targets.add(t);
    for (const t of this.byLocationName.get(baseName(path)) ?? []) targets.add(t);
    const files = new Set<string>([path]);
    const workloads = new Set<string>();
    if (before) for (const k of declaredKeys(before, this.defaultNs)) workloads.add(k);
    if (after) for (const k of declaredKeys(after, this.defaultNs)) workloads.add(k);
    this.replace(targets, files, workloads);
    return this.fire(files, workloads);
  }

  /** Places targets again, adding the files and workloads whose placements changed. */
  private replace(targets: Iterable<Target>, files: Set<string>, workloads: Set<string>): void {
    for (const t of targets) {
      const before = t.placed;
      this.setPlaced(t, this.placeTarget(t));
      let changed = false;
      for (const path of new Set([...before.keys(), ...t.placed.keys()])) {
        if (samePlacements(before.get(path) ?? NO_PLACEMENTS, t.placed.get(path) ?? NO_PLACEMENTS)) continue;
        files.add(path);
        changed = true;
      }
      if (changed && t.key) workloads.add(t.key);
    }
  }

  /**
   * Places one target's findings. A local finding whose exact lines are of a workspace file goes
   * there; the others go to the first candidate identity found in the workspace (in every file
   * that describes it), and failing that to the files their approximate location names.
   */
  private placeTarget(t: Target): Map<string, Placement[]> {
    const out = new Map<string, Placement[]>();
    const named = new Map<string, readonly string[]>();
    const filesNamed = (p: string): readonly string[] => {
      let files = named.get(p);
      if (!files) named.set(p, (files = this.filesNamed(p)));
      return files;
    };
    const local = new Map<string, Finding[]>();
    const byIdentity: Finding[] = [];
    for (const f of t.findings) {
      const loc = f.location;
      const files = loc && !loc.approximate ? filesNamed(loc.path) : [];
      if (files.length === 0) byIdentity.push(f);
      for (const path of files) pushTo(local, path, f);
    }
    const placed = new Uint8Array(byIdentity.length);
    if (byIdentity.length > 0) {
      for (const entry of this.firstPerFile(this.resolve(t))) {
        const index = this.indexOf(entry.path);
        const object = index?.objects[entry.position];
        if (!index || !object) continue;
        const list: Placement[] = [];
        byIdentity.forEach((f, i) => {
          const range = this.ranges.rangeOf(f, index, object);
          if (!range) return;
          list.push(placement(f, range, t.key));
          placed[i] = 1;
        });
        if (list.length > 0) out.set(entry.path, list);
      }
    }
    byIdentity.forEach((f, i) => {
      if (placed[i] || !f.location) return;
      for (const path of filesNamed(f.location.path)) pushTo(local, path, f);
    });
    for (const [path, findings] of local) {
      const index = this.indexOf(path);
      if (!index) continue;
      for (const f of findings) {
        const range = this.ranges.rangeOf(f, index);
        if (range) pushTo(out, path, placement(f, range, t.key));
      }
    }
    return out;
  }

  /** The objects of the first candidate the workspace has. */
  private resolve(t: Target): readonly WorkspaceObject[] {
    for (const c of t.candidates) {
      this.counters.lookups++;
      const found = this.objects.find(c, this.defaultNs);
      if (found.length > 0) return found;
    }
    return [];
  }

  /** One object per file, the best match: a file with several is a file of alternatives, not copies. */
  private firstPerFile(entries: readonly WorkspaceObject[]): WorkspaceObject[] {
    const seen = new Set<string>();
    return entries.filter((e) => !seen.has(e.path) && seen.add(e.path));
  }

  /** Workspace files a finding's location path names (`samePath`), found by base name. */
  private filesNamed(locationPath: string): string[] {
    const files = this.byBaseName.get(baseName(locationPath));
    return files ? [...files].filter((f) => samePath(f, locationPath)) : [];
  }

  private indexOf(path: string): ManifestIndex | undefined {
    const state = this.files.get(path);
    if (!state) return undefined;
    if (state.linesIndex) return state.linesIndex;
    const cached = this.cache.get(path);
    if (cached || state.text === undefined) return cached;
    // Dropped by the cache: parse the same text again, which gives the same objects in the same order.
    const { index } = readManifestFile(path, state.text, this.options);
    this.counters.indexBuilds++;
    this.cache.set(path, index, state.text.length);
    return index;
  }

  private setPlaced(t: Target, placed: Map<string, Placement[]>): void {
    for (const path of t.placed.keys()) if (!placed.has(path)) removeFrom(this.byFile, path, t);
    for (const path of placed.keys()) addTo(this.byFile, path, t);
    t.placed = placed;
  }

  private watch(t: Target): void {
    for (const k of t.kindNames) addTo(this.byKindName, k, t);
    for (const n of t.baseNames) addTo(this.byLocationName, n, t);
  }

  private unwatch(t: Target): void {
    for (const k of t.kindNames) removeFrom(this.byKindName, k, t);
    for (const n of t.baseNames) removeFrom(this.byLocationName, n, t);
    this.setPlaced(t, new Map());
  }

  private fire(files: Set<string>, workloads: Set<string>): WorkspaceChange {
    if (files.size === 0 && workloads.size === 0) return NO_CHANGE;
    const change: WorkspaceChange = { files: [...files], workloads: [...workloads] };
    this.emitter.fire(change);
    return change;
  }
}

const NO_CHANGE: WorkspaceChange = { files: [], workloads: [] };

/** Workload keys of a file's named objects, a namespace-less one in `defaultNs`. */
function declaredKeys(file: ManifestFile, defaultNs: string | undefined): string[] {
  const out: string[] = [];
  for (const o of file.objects) {
    if (o.kind === undefined || o.name === undefined) continue;
    const namespace = o.namespace ?? defaultNs;
    out.push(workloadKey({ kind: o.kind, ...(namespace === undefined ? {} : { namespace }), name: o.name }));
  }
  return out;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set?.delete(value) && set.size === 0) map.delete(key);
}
