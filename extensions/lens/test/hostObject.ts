// The host's object for a details page, as the hosts hand it to a registered section or menu item.
import { Renderer } from '@k8slens/extensions';

type KubeJsonApiData = ConstructorParameters<typeof Renderer.K8sApi.KubeObject>[0];

export function hostObject(
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
): InstanceType<typeof Renderer.K8sApi.KubeObject> {
  return new Renderer.K8sApi.KubeObject({
    apiVersion,
    kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      uid: `uid-${name}`,
      resourceVersion: '1',
      selfLink: '',
    },
  } satisfies KubeJsonApiData);
}
