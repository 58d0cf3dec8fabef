import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';

/** Where to read the kubeconfig from and which context to use; mirrors kubectl's flags. */
export interface KubeConfigRequest {
  /** `--kubeconfig`: this file only (it must exist), instead of `KUBECONFIG` / `~/.kube/config`. */
  readonly kubeconfig?: string;
  /** `--context`; default: the kubeconfig's `current-context`. */
  readonly context?: string;
  /** Environment to read `KUBECONFIG`, `HOME` and `KUBERNETES_SERVICE_*` from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/** A kubeconfig with the requested context made current. */
export interface LoadedKubeConfig {
  /** client-node's config, current context set; hand it to `KubeClusterSource`. */
  readonly config: KubeConfig;
  readonly context: string;
  /** The context's namespace (or the service account's in-cluster), when one is set. */
  readonly namespace?: string;
  /** API server URL of the context's cluster. */
  readonly server: string;
  /** The files that were merged, in kubectl's order; empty for in-cluster config. */
  readonly files: readonly string[];
  readonly inCluster: boolean;
  /** Every context name the merged kubeconfig holds. */
  readonly contexts: readonly string[];
}

/** A kubeconfig that cannot be used; the message says what was looked at and what to do. */
export class KubeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConfigError';
  }
}

/**
 * Loads the kubeconfig the way kubectl does (client-go `clientcmd` loading rules):
 * - `--kubeconfig F`: only F, which must exist;
 * - else every file of `KUBECONFIG` (path-delimiter separated; missing files skipped), merged so
 *   that the first file to define a cluster, user, context or `current-context` wins;
 * - else `~/.kube/config`;
 * - else, inside a Pod (`KUBERNETES_SERVICE_HOST` set), the service account (in-cluster config).
 * Relative certificate and key paths are relative to the file that names them. Auth (token,
 * client certificates, exec plugins, OIDC) is left to client-node, which runs exec/OIDC per request.
 */
export function loadKubeConfig(request: KubeConfigRequest = {}): LoadedKubeConfig {
  const env = request.env ?? process.env;
  const files = kubeconfigFiles(request, env);
  if (files.length === 0) {
    if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) return inCluster(request.context, env);
    throw new KubeConfigError(`no kubeconfig found (looked at ${lookedAt(env)})`);
  }
  const merged = mergeFiles(files);
  return selectContext(merged, request.context, files);
}

/** The same kubeconfig files with another context current: what a context switch needs. */
export function withContext(loaded: LoadedKubeConfig, context: string): LoadedKubeConfig {
  if (loaded.inCluster) throw new KubeConfigError('in-cluster configuration has a single context');
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: loaded.config.getClusters(),
    users: loaded.config.getUsers(),
    contexts: loaded.config.getContexts(),
    currentContext: loaded.config.getCurrentContext(),
  });
  return selectContext(copy, context, loaded.files);
}

/**
 * The same context read again from the same files, for credentials rewritten there since (a new
 * login, a rotated token). In-cluster, the same settings: the service account's token file is
 * read again by the fresh config. Throws {@link KubeConfigError} when the files no longer hold
 * the context.
 */
export function reloadKubeConfig(loaded: LoadedKubeConfig): KubeConfig {
  if (!loaded.inCluster) return selectContext(mergeFiles(loaded.files), loaded.context, loaded.files).config;
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: loaded.config.getClusters(),
    users: loaded.config.getUsers(),
    contexts: loaded.config.getContexts(),
    currentContext: loaded.context,
  });
  return copy;
}

function kubeconfigFiles(request: KubeConfigRequest, env: NodeJS.ProcessEnv): string[] {
  if (request.kubeconfig !== undefined) {
    if (!existsSync(request.kubeconfig))
      throw new KubeConfigError(`kubeconfig ${request.kubeconfig} does not exist`);
    return [request.kubeconfig];
  }
  if (env.KUBECONFIG) {
    // clientcmd skips files of KUBECONFIG that do not exist, and repeated entries.
    return [...new Set(env.KUBECONFIG.split(delimiter).filter((f) => f !== ''))].filter((f) => existsSync(f));
  }
  const home = join(env.HOME ?? env.USERPROFILE ?? homedir(), '.kube', 'config');
  return existsSync(home) ? [home] : [];
}

function lookedAt(env: NodeJS.ProcessEnv): string {
  if (env.KUBECONFIG)
    return `KUBECONFIG=${env.KUBECONFIG}; no in-cluster service account (KUBERNETES_SERVICE_HOST unset)`;
  const home = join(env.HOME ?? env.USERPROFILE ?? homedir(), '.kube', 'config');
  return `${home}, KUBECONFIG unset, no in-cluster service account (KUBERNETES_SERVICE_HOST unset)`;
}

function mergeFiles(files: readonly string[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const file of files) {
    const kc = new KubeConfig();
    try {
      // `filter` drops malformed entries instead of failing the whole file, as kubectl tolerates them.
      kc.loadFromFile(file, { onInvalidEntry: 'filter' });
    } catch (err) {
      throw new KubeConfigError(`cannot read kubeconfig ${file}: ${(err as Error).message}`);
    }
    for (const c of kc.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of kc.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && kc.getCurrentContext()) currentContext = kc.getCurrentContext();
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return merged;
}

function selectContext(
  kc: KubeConfig,
  requested: string | undefined,
  files: readonly string[],
): LoadedKubeConfig {
  const names = kc.getContexts().map((c) => c.name);
  const have = names.length ? names.join(', ') : 'none';
  const name = requested ?? kc.getCurrentContext();
  if (!name)
    throw new KubeConfigError(
      `no current context in kubeconfig ${files.join(', ')} (have: ${have}); pass --context`,
    );
  const context = kc.getContextObject(name);
  if (!context) throw new KubeConfigError(`context ${name} not in kubeconfig (have: ${have})`);
  kc.setCurrentContext(name);
  const cluster = kc.getCluster(context.cluster);
  if (!cluster)
    throw new KubeConfigError(
      `context ${name} names cluster ${context.cluster}, which the kubeconfig does not define`,
    );
  if (context.user && !kc.getUser(context.user)) {
    throw new KubeConfigError(
      `context ${name} names user ${context.user}, which the kubeconfig does not define`,
    );
  }
  return {
    config: kc,
    context: name,
    ...(context.namespace ? { namespace: context.namespace } : {}),
    server: cluster.server,
    files,
    inCluster: false,
    contexts: names,
  };
}

// Where Kubernetes mounts a Pod's service account (the paths client-go and client-node read).
const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The service account of the Pod we run in, as client-node's `loadFromCluster` builds it, but from
 * `env` rather than `process.env`. The token is read through client-node's `tokenFile` provider,
 * which re-reads the file as the kubelet rotates it.
 */
function inCluster(requested: string | undefined, env: NodeJS.ProcessEnv): LoadedKubeConfig {
  const host = env.KUBERNETES_SERVICE_HOST!;
  const port = env.KUBERNETES_SERVICE_PORT!;
  const server = `https://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  const name = 'inClusterContext';
  if (requested && requested !== name) {
    throw new KubeConfigError(
      `context ${requested} not in kubeconfig (have: ${name}, the in-cluster service account)`,
    );
  }
  let namespace: string | undefined;
  try {
    namespace = readFileSync(`${SERVICE_ACCOUNT}/namespace`, 'utf8').trim() || undefined;
  } catch {
    namespace = undefined; // no namespace file: the Pod's namespace is unknown
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'inCluster', server, caFile: `${SERVICE_ACCOUNT}/ca.crt`, skipTLSVerify: false }],
    users: [
      {
        name: 'inClusterUser',
        authProvider: { name: 'tokenFile', config: { tokenFile: `${SERVICE_ACCOUNT}/token` } },
      },
    ],
    contexts: [{ name, cluster: 'inCluster', user: 'inClusterUser', ...(namespace ? { namespace } : {}) }],
    currentContext: name,
  });
  return {
    config: kc,
    context: name,
    ...(namespace ? { namespace } : {}),
    server,
    files: [],
    inCluster: true,
    contexts: [name],
  };
}
