import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** The folders a code-server run uses: the folder (or `.code-workspace`) it opens, its user data and its extensions. */
export interface CodeServerDirs {
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /**
   * Leave VS Code's workspace trust on (default off: `--disable-workspace-trust`, every folder
   * trusted). With it on, the web workbench trusts a folder only when the browser's own storage
   * lists it, so a fresh browser profile opens the folder untrusted (restricted mode).
   */
  readonly workspaceTrust?: boolean;
}

/** A running code-server, started in a process group of its own so that it ends with its children. */
export interface CodeServer {
  /** `http://127.0.0.1:PORT`, the server's loopback address. */
  readonly url: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code when the server exits, for whatever reason. */
  readonly exited: Promise<number | null>;
  /** Ends the server's process group (the server, its extension host, its other helpers). */
  stop(): Promise<void>;
}

/**
 * Starts code-server on a free loopback port (port 0: the server picks it and prints it, so no
 * other process can take it between a probe and the start), without auth, telemetry or update
 * checks, with the run's fresh folders. `env` is added to the environment the extension host
 * inherits. Its output goes to `logFile`.
 */
export async function startCodeServer(
  entry: string,
  run: CodeServerDirs,
  env: Record<string, string>,
  logFile: string,
  timeoutMs = 60_000,
): Promise<CodeServer> {
  const args = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    ...(run.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir',
    run.userDataDir,
    '--extensions-dir',
    run.extensionsDir,
    run.workspace,
  ];
  const child = spawn(process.execPath, args, {
    // No extension gallery: nothing is installed from a marketplace, and nothing asks one.
    env: { ...hostEnvironment(), EXTENSIONS_GALLERY: '{}', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = createWriteStream(logFile);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = () => stopGroup(child, exited);
  // Everything goes to the log; until the server has said where it listens, output is also scanned.
  let onListening: ((url: string) => void) | undefined;
  let seen = '';
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    if (!onListening) return;
    seen = (seen + chunk.toString()).slice(-4096);
    const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
    if (m) onListening(m[1]!);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let timer: NodeJS.Timeout | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    onListening = resolve;
    timer = setTimeout(
      () => reject(new Error(`code-server did not listen within ${timeoutMs} ms`)),
      timeoutMs,
    );
    void exited.then((code) =>
      reject(new Error(`code-server exited (${code}) before listening; see ${logFile}`)),
    );
  })
    .catch(async (err: unknown) => {
      await stop();
      throw err;
    })
    .finally(() => {
      clearTimeout(timer);
      onListening = undefined;
    });
  return { url, process: child, exited, stop };
}

/**
 * The launcher's environment without what would confuse a VS Code started from inside another
 * (a developer running the suite from VS Code's terminal): its IPC hooks and Electron's node mode.
 */
function hostEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VSCODE_') && k !== 'ELECTRON_RUN_AS_NODE'),
  );
}

/**
 * Runs in every frame before its scripts (browser JavaScript, hence a string): code-server's own
 * service worker (for installing it as an app) claims the whole origin, webview frames included,
 * and a webview then waits forever for its own worker; it is refused, the webviews' own
 * (`service-worker.js` of the webview frames) still registers. For `page.addInitScript`.
 */
export const REFUSE_CODE_SERVER_WORKER = `(() => {
  const container = navigator.serviceWorker;
  if (!container) return;
  const register = container.register.bind(container);
  container.register = (url, options) =>
    String(url).includes('/_static/out/browser/serviceWorker.js')
      ? Promise.reject(new Error('refused by the launcher'))
      : register(url, options);
})();`;

/** SIGTERM to the group, then SIGKILL if it has not exited within 5 s. */
export async function stopGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // The group is already gone.
    }
  };
  signal('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') signal('SIGKILL');
  // Helpers of the group that outlive the server (bootstrap-fork) get the same signal.
  signal('SIGKILL');
}
