import React from 'react';
import { Renderer } from '@k8slens/extensions';
import { objectLabel, objectRefOf } from '../objectRef.js';

/**
 * The "Security findings" section of a details page. Typed with the base `KubeObject`: one
 * component serves every kind, and under `strict` a `Details` typed for a subclass
 * (`KubeObjectDetailsProps<Deployment>`) is not assignable to the registration (parameter
 * contravariance).
 *
 * For now it names the object and says where its findings will be: this is the seam the findings
 * panel replaces once the core's cluster store is connected.
 */
export function FindingsSection({ object }: Renderer.Component.KubeObjectDetailsProps): React.ReactElement {
  const { DrawerTitle } = Renderer.Component;
  const ref = objectRefOf(object);
  return (
    <div className="TrivyFindingsSection">
      {/* OpenLens 6.5 ignores DrawerTitle's deprecated `title` prop: the text goes in children. */}
      <DrawerTitle>Security findings</DrawerTitle>
      <p>
        {ref ? objectLabel(ref) : 'This object'}: findings appear here once the cluster store is connected.
      </p>
    </div>
  );
}
