import type { ClusterSource } from '../ports/clusterSource.js';
import { ClusterSession, type ClusterSessionOptions } from '../cluster/clusterSession.js';
import { ClusterSessions } from '../cluster/clusterSessions.js';
import { KubeClusterSource, type KubeClusterSourceOptions } from './kubeClusterSource.js';
import { reloadKubeConfig, withContext, type LoadedKubeConfig } from './kubeConfigLoader.js';

export interface KubeSessionOptions extends Omit<ClusterSessionOptions, 'source' | 'contextNamespace'> {
  readonly source?: KubeClusterSourceOptions;
}

/**
 * A source on the loaded kubeconfig's context, with the context's namespace (the service
 * account's in a Pod). After a 401 it reads the kubeconfig files again: a token rewritten there
 * (a new login, a rotated service-account token) is taken without reconnecting.
 */
export function kubeClusterSource(
  loaded: LoadedKubeConfig,
  options: KubeClusterSourceOptions = {},
): KubeClusterSource {
  return new KubeClusterSource(loaded.config, {
    reloadConfig: () => reloadKubeConfig(loaded),
    ...(loaded.namespace ? { namespace: loaded.namespace } : {}),
    ...options,
  });
}

/**
 * Sources for any context of the loaded kubeconfig files: the `clusterSource` port of
 * `createFindingsCore` for a Node host. Throws `KubeConfigError` for a context the files lack.
 */
export function kubeClusterSources(
  loaded: LoadedKubeConfig,
  options: KubeClusterSourceOptions = {},
): (context: string) => ClusterSource {
  return (context) =>
    kubeClusterSource(context === loaded.context ? loaded : withContext(loaded, context), options);
}

/** A session on the loaded kubeconfig's context, its namespace as the forbidden-listing fallback. */
export function kubeSession(loaded: LoadedKubeConfig, options: KubeSessionOptions = {}): ClusterSession {
  const { source, ...rest } = options;
  return new ClusterSession({ ...rest, source: kubeClusterSource(loaded, source) });
}

/** Sessions for any context of the loaded kubeconfig files, opened on demand. */
export function kubeSessions(loaded: LoadedKubeConfig, options: KubeSessionOptions = {}): ClusterSessions {
  const { source, ...rest } = options;
  const sources = kubeClusterSources(loaded, source);
  return new ClusterSessions((context) => new ClusterSession({ ...rest, source: sources(context) }));
}
