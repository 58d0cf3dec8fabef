import { WORKLOAD_KINDS } from '../../../../shared/src/model/workloadKinds.js';
import { resourcePath } from '../../../../shared/src/kubeApi/kubeApiPath.js';

const PLURALS = new Map(WORKLOAD_KINDS.map((w) => [w.kind, w]));

/**
 * The API path of a workload (`/apis/apps/v1/namespaces/shop/deployments/web`): what the hosts
 * call a selfLink and open a details pane by. `undefined` for a kind the workload table does not
 * know, which then gets no link.
 */
export function workloadSelfLink(ref: {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}): string | undefined {
  const kind = PLURALS.get(ref.kind);
  if (!kind) return undefined;
  return resourcePath({
    apiVersion: kind.apiVersion,
    plural: kind.plural,
    ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}),
    name: ref.name,
  });
}
