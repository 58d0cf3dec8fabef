import type { RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

/** Auth and TLS applied to one request, and the credentials' generation they came from. */
export interface PreparedRequest {
  readonly options: RequestOptions;
  readonly generation: number;
}

export interface KubeCredentialsOptions {
  /**
   * A fresh `KubeConfig` for the same context, after the server rejected the current credentials
   * (e.g. the kubeconfig files read again). Default: a copy of the current one, which has empty
   * credential caches, so exec plugins run again and token files are read again.
   */
  readonly reload?: () => KubeConfig;
  /** Renew at most this often (default 10 s), so credentials the server keeps rejecting cannot make a plugin run per request. */
  readonly minRenewIntervalMs?: number;
}

/**
 * The credentials of one context, shared by every request of a source. Requests take their auth
 * and TLS from client-node's `KubeConfig.applyToHTTPSOptions` (tokens, client certificates, exec
 * plugins, OIDC refresh, token files), one request at a time: client-node caches an exec
 * plugin's credential only once it has run, so a dozen watches starting together would otherwise
 * run the plugin a dozen times (client-go's exec authenticator holds a mutex around the plugin
 * for the same reason, `plugin/pkg/client/auth/exec/exec.go`).
 *
 * A 401 means the server no longer takes the credentials (an expired token whose expiry the
 * plugin did not declare, a rotated service-account token, a revoked certificate). As client-go's
 * exec round tripper does (`maybeRefreshCreds`), the credentials are renewed once per generation
 * that was rejected, here by switching to a freshly loaded `KubeConfig`, whose authenticators have
 * nothing cached. Renewals are at least `minRenewIntervalMs` apart.
 */
export class KubeCredentials {
  private config: KubeConfig;
  private generation = 0;
  private renewedAt = Number.NEGATIVE_INFINITY;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly reload: () => KubeConfig;
  private readonly minRenewIntervalMs: number;

  constructor(config: KubeConfig, options: KubeCredentialsOptions = {}) {
    this.config = config;
    this.reload = options.reload ?? (() => copyOf(this.config));
    this.minRenewIntervalMs = options.minRenewIntervalMs ?? 10_000;
  }

  /** API server URL of the current context; undefined when the context names no cluster. */
  get server(): string | undefined {
    return this.config.getCurrentCluster()?.server;
  }

  /** Applies auth and TLS to `base` (a copy is returned). Rejects when they cannot be had (a failing plugin, an unreadable key). */
  prepare(base: RequestOptions): Promise<PreparedRequest> {
    const run = async (): Promise<PreparedRequest> => {
      const generation = this.generation;
      const options: RequestOptions = { ...base, headers: { ...base.headers } };
      await withTimeout(this.config.applyToHTTPSOptions(options), PREPARE_TIMEOUT_MS);
      return { options, generation };
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The server answered 401 to a request prepared at `generation`. Returns whether a retry would
   * use other credentials: true when they were renewed since (now, or by another request).
   */
  rejected(generation: number): boolean {
    if (generation < this.generation) return true;
    if (Date.now() - this.renewedAt < this.minRenewIntervalMs) return false;
    let fresh: KubeConfig;
    try {
      fresh = this.reload();
    } catch {
      fresh = copyOf(this.config); // the files cannot be read now: at least drop the cached credentials
    }
    this.config = fresh;
    this.generation++;
    this.renewedAt = Date.now();
    return true;
  }
}

// client-node starts exec plugins without a time limit; a plugin that never exits must not hold
// every later request of the source behind it.
const PREPARE_TIMEOUT_MS = 60_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no credentials after ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The same clusters, users and contexts in a new `KubeConfig`, whose authenticators cache nothing yet. */
function copyOf(config: KubeConfig): KubeConfig {
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: config.getClusters(),
    users: config.getUsers(),
    contexts: config.getContexts(),
    currentContext: config.getCurrentContext(),
  });
  return copy;
}
