import { isScalar } from 'yaml';
import { namedContainer, rangeForFinding } from '../manifests/findingToRange.js';
import type { KeySegment } from '../manifests/keyPath.js';
import type { ContainerEntry, ManifestIndex, ManifestObject } from '../manifests/manifestIndex.js';
import type { Finding } from '../model/finding.js';
import { readManifestFile } from '../workspace/manifestFile.js';
import { EditableYaml, mapAt, nodeRange, valueAt, type MapAddress } from './editableYaml.js';
import { fileEditsBetween, type Span } from './fileEdit.js';
import {
  DEFAULT_RESOURCES,
  type FileEdit,
  type Fix,
  type FixContext,
  type FixKind,
  type NamedText,
  type RunningImage,
} from './fix.js';
import { fixRecipe, type FixLevel, type FixStep, type ResourceKey } from './fixCatalog.js';
import {
  canonicalRepository,
  imageTagProblem,
  isDigest,
  isPinned,
  parseImageReference,
  runningRepository,
} from './imageReference.js';
import { quantityValue } from './quantity.js';
import { fixChangesOnly } from './fixVerification.js';
import { applyOp, findTemplated, type YamlOp } from './yamlEdits.js';

/**
 * The quick fixes for a finding on a manifest (or a Helm template), each with the edits that make
 * the check pass: see `fixCatalog.ts` for what each writes. The fix goes to the object and the
 * container the finding is placed on (`rangeForFinding`, `namedContainer`: the diagnostic and
 * its fix never disagree). Every fix is checked before it is returned: its edits re-parse, set
 * exactly the intended values, and change nothing else in any document; a fix that cannot be
 * made so is not offered.
 *
 * In a Helm template, edits land only on plain YAML lines: never inside `{{ … }}`, never in a map
 * whose keys an action decides. A key the template fills with `{{ toYaml .Values.x | nindent n }}`
 * is fixed in `helmValues` (the chart's values.yaml) instead, when the host gives it.
 * Pure and synchronous; never throws on any text.
 */
export function fixesForFinding(finding: Finding, context: FixContext): Fix[] {
  const recipe = fixRecipe([finding.id, ...finding.aliases]);
  if (!recipe) return [];
  const target = locate(finding, context.manifest);
  if (!target) return [];
  const ctx = new FixRun(finding, context, target);
  switch (recipe.type) {
    case 'security':
      return recipe.fixes.flatMap((f) => {
        if (f.level === 'pod' && !ctx.podLevelHelps(f.step)) return [];
        const fix = ctx.build(f.kind, `${f.does}${ctx.where(f.level)}`, f.preferred, [
          { level: f.level, step: f.step },
        ]);
        return fix ? [fix] : [];
      });
    case 'resources':
      return ctx.resourceFixes(recipe.key);
    case 'image':
      return ctx.imageFixes();
  }
}

/** The manifest, the object the finding is placed on and its container. */
interface Target {
  readonly y: EditableYaml;
  readonly index: ManifestIndex;
  readonly object: ManifestObject;
  readonly container: ContainerEntry;
}

function locate(finding: Finding, manifest: NamedText): Target | undefined {
  const { file, index } = readManifestFile(manifest.path, manifest.text);
  if (file.kind === 'other') return undefined;
  const template = file.kind === 'template';
  // A template's lines are those of the rendered manifest: its one workload is the object.
  const object =
    rangeForFinding(finding, index)?.object ??
    (template || finding.location?.approximate ? onlyWorkload(index) : undefined);
  if (!object) return undefined;
  const container =
    namedContainer(finding, object, index, true) ?? (template ? templatedName(object, index) : undefined);
  if (!container) return undefined;
  return { y: EditableYaml.of(manifest.text, template), index, object, container };
}

function onlyWorkload(index: ManifestIndex): ManifestObject | undefined {
  const workloads = index.objects.filter((o) => index.containers(o).length > 0);
  return workloads.length === 1 ? workloads[0] : undefined;
}

/** In a template, the one container whose name is an action (`- name: {{ .Chart.Name }}`). */
function templatedName(object: ManifestObject, index: ManifestIndex): ContainerEntry | undefined {
  const all = index.containers(object);
  const unnamed = all.filter((c) => c.name === undefined || c.name.trim() === '');
  return unnamed.length === 1 && all.length === 1 ? unnamed[0] : undefined;
}

const TO_YAML_VALUES =
  /^\{\{-?\s*toYaml\s+\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*\|\s*n?indent\s+\d+\s*-?\}\}$/;

/** One step of a fix at its level; `placeholder` when its value is a default for the user to edit. */
interface Step {
  readonly level: FixLevel;
  readonly step: FixStep;
  readonly placeholder?: boolean;
}

/** Where one step lands: a map of the manifest, or of the chart's values. */
interface Placed {
  readonly file: 'manifest' | 'values';
  readonly at: MapAddress;
  readonly keys: readonly string[];
}

class FixRun {
  private readonly values: EditableYaml | undefined;
  private readonly prefix: readonly KeySegment[];

  constructor(
    private readonly finding: Finding,
    private readonly context: FixContext,
    private readonly target: Target,
  ) {
    this.values =
      context.helmValues && target.y.template ? EditableYaml.of(context.helmValues.text, false) : undefined;
    const o = target.object;
    this.prefix = o.listIndex === undefined ? [] : [{ key: 'items' }, { index: o.listIndex }];
  }

  /** ` in container "web"`, ` of Deployment web`, with the values file when the fix goes there. */
  where(level: FixLevel): string {
    const name = this.target.container.name;
    const o = this.target.object;
    if (level === 'pod') return o.kind && o.name ? ` (${o.kind} ${o.name})` : '';
    return name ? ` in container "${name}"` : '';
  }

  /** Whether setting the pod's flag makes the check pass: no container overrides it. */
  podLevelHelps(step: FixStep): boolean {
    const key = step.keys[step.keys.length - 1]!;
    const y = this.target.y;
    return this.target.index.containers(this.target.object).every((c) => {
      const map = mapAt(y, { doc: this.target.object.documentIndex, path: [...this.prefix, ...c.path] });
      const own = valueAt(map, ['securityContext', key]);
      return own === undefined || (isScalar(own) && own.value === true);
    });
  }

  resourceFixes(key: ResourceKey): Fix[] {
    const defaults = this.context.resources ?? DEFAULT_RESOURCES;
    const steps = (keys: readonly ResourceKey[]): Step[] =>
      keys.flatMap((k) => {
        const placed = this.place('container', ['resources', k.group, k.resource]);
        if (!placed || this.scalarAt(placed) !== undefined) return [];
        const keys = ['resources', k.group, k.resource];
        return [
          {
            level: 'container',
            step: { op: 'set', keys, value: this.quantity(k, defaults) },
            placeholder: true,
          },
        ];
      });
    const own = steps([key]);
    if (own.length === 0) return [];
    const fixes: Fix[] = [];
    const value = own[0]!.step.op === 'set' ? String(own[0]!.step.value) : '';
    const one = this.build(
      'resources',
      `Set resources.${key.group}.${key.resource}: ${value}${this.where('container')}`,
      false,
      own,
    );
    if (one) fixes.push(one);
    const all = steps(RESOURCE_KEYS);
    if (all.length > 1) {
      const every = this.build(
        'resources',
        `Set all missing resource requests and limits${this.where('container')}`,
        false,
        all,
      );
      if (every) fixes.push(every);
    }
    return fixes;
  }

  imageFixes(): Fix[] {
    const placed = this.place('container', ['image']);
    const image = placed?.file === 'manifest' ? this.scalarAt(placed) : undefined;
    if (!placed || image === undefined || isPinned(image)) return [];
    const ref = parseImageReference(image);
    const repository = canonicalRepository(ref.name);
    const digests = [
      ...new Set(
        (this.context.runningImages ?? [])
          .filter((r) => matchesRepository(r, repository))
          .map((r) => r.digest!),
      ),
    ];
    const fixes: Fix[] = [];
    for (const digest of digests) {
      const pinned = `${ref.name}@${digest}`;
      const fix = this.build(
        'pin-image-digest',
        `Pin the image to ${shortDigest(ref.name, digest)}, the digest the cluster runs${this.where('container')}`,
        digests.length === 1,
        [{ level: 'container', step: { op: 'set', keys: ['image'], value: pinned } }],
      );
      if (fix) fixes.push(fix);
    }
    const tag = this.context.imageTag;
    if (tag === undefined) {
      fixes.push({
        title: `Pin the image ${ref.name} to a tag…`,
        checkId: this.finding.id,
        kind: 'pin-image-tag',
        preferred: false,
        edits: [],
        needs: 'imageTag',
      });
    } else if (imageTagProblem(tag) === undefined) {
      const fix = this.build(
        'pin-image-tag',
        `Pin the image to ${ref.name}:${tag}${this.where('container')}`,
        false,
        [{ level: 'container', step: { op: 'set', keys: ['image'], value: `${ref.name}:${tag}` } }],
      );
      if (fix) fixes.push(fix);
    }
    return fixes;
  }

  /**
   * A fix of these steps, or `undefined` when one cannot be made cleanly: each step is applied
   * in turn to its file and the results are verified against the same change made on the parsed
   * tree.
   */
  build(kind: FixKind, title: string, preferred: boolean, steps: readonly Step[]): Fix | undefined {
    const files = { manifest: this.target.y, values: this.values };
    const applied: { file: 'manifest' | 'values'; op: YamlOp; placeholder: boolean }[] = [];
    for (const { level, step, placeholder } of steps) {
      const placed = this.place(level, step.keys);
      if (!placed) return undefined;
      const op = toOp(step, placed);
      const y = files[placed.file];
      if (!y) return undefined;
      const outcome = applyOp(y, op);
      if (!outcome.ok) return undefined;
      files[placed.file] = outcome.y;
      applied.push({ file: placed.file, op, placeholder: placeholder === true });
    }
    const edits: FileEdit[] = [];
    for (const file of ['manifest', 'values'] as const) {
      const before = file === 'manifest' ? this.target.y : this.values;
      const after = files[file];
      const ops = applied.filter((a) => a.file === file);
      if (!before || !after || ops.length === 0 || after.text === before.text) continue;
      if (
        !fixChangesOnly(
          before,
          after,
          ops.map((a) => a.op),
        )
      )
        return undefined;
      const path = file === 'manifest' ? this.context.manifest.path : this.context.helmValues!.path;
      const placeholders = ops.filter((a) => a.placeholder).flatMap((a) => valueRange(after, a.op));
      edits.push(...fileEditsBetween(path, before.text, after.text, placeholders));
    }
    if (edits.length === 0) return undefined;
    const inValues = edits.some((e) => e.path === this.context.helmValues?.path)
      ? ` (in ${baseName(this.context.helmValues!.path)})`
      : '';
    return { title: `${title}${inValues}`, checkId: this.finding.id, kind, preferred, edits };
  }

  /** Where a step's keys go: the manifest, or the values a template action fills them from. */
  private place(level: FixLevel, keys: readonly string[]): Placed | undefined {
    const { object, container, index, y } = this.target;
    const path = level === 'pod' ? index.podSpecPath(object) : container.path;
    if (!path) return undefined;
    const at: MapAddress = { doc: object.documentIndex, path: [...this.prefix, ...path] };
    const base = mapAt(y, at);
    if (!base) return undefined;
    const templated = findTemplated(y, base, keys);
    if (!templated) return { file: 'manifest', at, keys };
    const m = TO_YAML_VALUES.exec(templated.actions);
    if (!m || !this.values) return undefined;
    return {
      file: 'values',
      at: { doc: 0, path: [] },
      keys: [...m[1]!.slice(1).split('.'), ...keys.slice(templated.depth)],
    };
  }

  /** The scalar a step's keys lead to, as text; `undefined` when there is none. */
  private scalarAt(placed: Placed): string | undefined {
    const y = placed.file === 'manifest' ? this.target.y : this.values;
    const node = valueAt(y && mapAt(y, placed.at), placed.keys);
    return isScalar(node) && node.value !== null ? String(node.value) : undefined;
  }

  /** The default for a quantity, never a limit below its request nor a request above its limit. */
  private quantity(key: ResourceKey, defaults: typeof DEFAULT_RESOURCES): string {
    const wanted = defaults[key.group][key.resource];
    const otherGroup = key.group === 'limits' ? 'requests' : 'limits';
    const placed = this.place('container', ['resources', otherGroup, key.resource]);
    const other = placed && this.scalarAt(placed);
    const a = quantityValue(wanted);
    const b = other === undefined ? undefined : quantityValue(other);
    if (a === undefined || b === undefined || other === undefined) return wanted;
    return (key.group === 'limits' ? b > a : b < a) ? other : wanted;
  }
}

const RESOURCE_KEYS: readonly ResourceKey[] = [
  { group: 'requests', resource: 'cpu' },
  { group: 'requests', resource: 'memory' },
  { group: 'limits', resource: 'cpu' },
  { group: 'limits', resource: 'memory' },
];

function matchesRepository(image: RunningImage, repository: string): boolean {
  return image.digest !== undefined && isDigest(image.digest) && runningRepository(image) === repository;
}

function shortDigest(name: string, digest: string): string {
  const colon = digest.indexOf(':');
  return `${name}@${digest.slice(0, colon + 13)}…`;
}

function baseName(path: string): string {
  return path.replace(/\\/g, '/').split('/').pop() ?? path;
}

/** The `[start, end)` of the value a `set` op wrote, in the text after it. */
function valueRange(y: EditableYaml, op: YamlOp): Span[] {
  if (op.kind !== 'set') return [];
  const r = nodeRange(valueAt(mapAt(y, op.at), op.keys));
  return r ? [r] : [];
}

/** A step of the catalog on the map it was placed on. */
function toOp(step: FixStep, placed: Placed): YamlOp {
  const { at, keys } = placed;
  switch (step.op) {
    case 'set':
      return { kind: 'set', at, keys, value: step.value };
    case 'append':
      return { kind: 'append', at, keys, item: step.item };
    case 'remove':
      return { kind: 'remove', at, keys };
  }
}
