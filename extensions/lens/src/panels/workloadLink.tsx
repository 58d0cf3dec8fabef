import React from 'react';
import { Renderer } from '@k8slens/extensions';
import { objectLabel } from '../objectRef.js';
import { workloadSelfLink } from './objectLinks.js';

/**
 * A workload's name that opens its details pane, as the hosts' own links do: the `kube-details`
 * URL (`Renderer.Navigation.getDetailsUrl`) as the address, opened in place by `showDetails` (a
 * plain navigation would reload the window). A kind without a details page is plain text.
 */
export function WorkloadLink({
  workload,
}: {
  readonly workload: { readonly kind: string; readonly namespace?: string; readonly name: string };
}): React.ReactElement {
  const { getDetailsUrl, showDetails } = Renderer.Navigation;
  const label = objectLabel({ apiVersion: '', ...workload });
  const selfLink = workloadSelfLink(workload);
  if (!selfLink) return <>{label}</>;
  return (
    <a
      href={getDetailsUrl(selfLink)}
      onClick={(evt) => {
        evt.preventDefault();
        showDetails(selfLink);
      }}
    >
      {label}
    </a>
  );
}
