import React from 'react';
import { Renderer } from '@k8slens/extensions';
import { sectionOf } from '../detailPageKinds.js';
import { objectLabel, objectRefOf } from '../objectRef.js';
import { NamespacePanel } from './namespacePanel.js';
import { ObjectFindingsPanel } from './objectFindingsPanel.js';
import { usePanelData } from './usePanelData.js';

/**
 * The "Security findings" section of a details page, as registered for every kind findings attach
 * to. Typed with the base `KubeObject`: one component serves every kind, and under `strict` a
 * `Details` typed for a subclass (`KubeObjectDetailsProps<Deployment>`) is not assignable to the
 * registration (parameter contravariance).
 *
 * The host's object is turned into the core's `ObjectRef` first; the section's data comes from the
 * connected panel source as plain data, and the section its kind gets decides what is shown.
 */
export function FindingsSection({ object }: Renderer.Component.KubeObjectDetailsProps): React.ReactElement {
  const { DrawerTitle } = Renderer.Component;
  const ref = objectRefOf(object);
  const key = ref ? `${ref.kind}/${ref.namespace ?? ''}/${ref.name}` : '';
  const data = usePanelData(
    (source) =>
      ref && {
        own: source.objectPanel(ref),
        namespace: sectionOf(ref.kind) === 'namespace' ? source.namespacePanel(ref.name) : undefined,
      },
    key,
  );
  return (
    <div className="TrivyFindingsSection">
      {/* OpenLens 6.5 ignores DrawerTitle's deprecated `title` prop: the text goes in children. */}
      <DrawerTitle>Security findings</DrawerTitle>
      {!ref ? (
        <p>This object has no kind or name to look its findings up by.</p>
      ) : !data ? (
        <p>{objectLabel(ref)}: findings appear here once the cluster store is connected.</p>
      ) : data.namespace ? (
        <NamespacePanel object={ref} data={data.namespace} own={data.own} />
      ) : (
        <ObjectFindingsPanel object={ref} data={data.own} />
      )}
    </div>
  );
}
