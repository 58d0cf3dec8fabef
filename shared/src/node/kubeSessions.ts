import { ClusterSession, type ClusterSessionOptions } from '../cluster/clusterSession.js';
import { ClusterSessions } from '../cluster/clusterSessions.js';
import { KubeClusterSource, type KubeClusterSourceOptions } from './kubeClusterSource.js';
import { reloadKubeConfig, withContext, type LoadedKubeConfig } from './kubeConfigLoader.js';

export interface KubeSessionOptions extends Omit<ClusterSessionOptions, 'source' | 'contextNamespace'> {
  readonly source?: KubeClusterSourceOptions;
}

/** A session on the loaded kubeconfig's context, its namespace as the forbidden-listing fallback. */
export function kubeSession(loaded: LoadedKubeConfig, options: KubeSessionOptions = {}): ClusterSession {
  const { source, ...rest } = options;
  return new ClusterSession({
    ...rest,
    // After a 401 the source reads the kubeconfig files again: a token rewritten there (a new
    // login, a rotated service-account token) is taken without reconnecting.
    source: new KubeClusterSource(loaded.config, { reloadConfig: () => reloadKubeConfig(loaded), ...source }),
    ...(loaded.namespace ? { contextNamespace: loaded.namespace } : {}),
  });
}

/** Sessions for any context of the loaded kubeconfig files, opened on demand. */
export function kubeSessions(loaded: LoadedKubeConfig, options: KubeSessionOptions = {}): ClusterSessions {
  return new ClusterSessions((context) =>
    kubeSession(context === loaded.context ? loaded : withContext(loaded, context), options),
  );
}
