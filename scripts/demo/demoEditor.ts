import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { startCodeServer, stopGroup } from '../vscode/codeServer.js';
import { CODE_SERVER_VERSION, codeServerEntry, installedVersion } from '../vscode/installCodeServer.js';
import { QUIET_WORKBENCH_SETTINGS } from '../vscode/quietSettings.js';

/** A VS Code the demo opened, in a process group of its own. */
export interface DemoEditor {
  /** What to tell the person: the address to open, or that a window opened. */
  readonly where: string;
  /** Resolves when the editor's process ends (the window closed, code-server stopped). */
  readonly exited: Promise<unknown>;
  /** Ends the editor's whole process group. */
  stop(): Promise<void>;
}

export interface DemoEditorOptions {
  /** The extension's folder (`extensionDevelopmentPath`). */
  readonly extensionDir: string;
  readonly workspace: string;
  readonly kubeconfigPath: string;
  /** The fake `trivy`, also put in code-server's machine settings (its trivy path is machine-scoped). */
  readonly trivyPath: string;
  /** Where code-server keeps its user data and extensions, and its log. */
  readonly stateDir: string;
}

/** The first executable `name` on PATH, as a shell would find it. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/**
 * Desktop VS Code: a new window with the extension loaded from its folder and the demo's
 * kubeconfig in its environment. `--wait` keeps the launcher running while the window is open,
 * so closing the window ends the demo, and Ctrl-C ends the launcher's group.
 */
export function openInCode(code: string, options: DemoEditorOptions): DemoEditor {
  const child = spawn(
    code,
    ['--new-window', '--wait', `--extensionDevelopmentPath=${options.extensionDir}`, options.workspace],
    { env: { ...process.env, KUBECONFIG: options.kubeconfigPath }, stdio: 'ignore', detached: true },
  );
  const exited = new Promise((resolve) => {
    child.once('exit', resolve);
    child.once('error', resolve);
  });
  return {
    where: `VS Code (${code}) opened ${options.workspace}`,
    exited,
    stop: () => stopGroup(child, exited as Promise<number | null>),
  };
}

/**
 * code-server (VS Code's server and web workbench), installed into `.tmp/code-server` on first use,
 * on a free loopback port, with the extension loaded from its folder as a development extension
 * (the `payload` of the workbench's address, as `--extensionDevelopmentPath` in desktop VS Code).
 */
export async function openInCodeServer(options: DemoEditorOptions): Promise<DemoEditor & { url: string }> {
  if (installedVersion() !== CODE_SERVER_VERSION) {
    const installer = new URL('../vscode/installCodeServer.ts', import.meta.url).pathname;
    const installed = spawnSync(process.execPath, ['--import', 'tsx', installer], { stdio: 'inherit' });
    if (installed.status !== 0) throw new Error('code-server could not be installed (see above)');
  }
  const userDataDir = join(options.stateDir, 'code-server', 'user-data');
  const extensionsDir = join(options.stateDir, 'code-server', 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(DEMO_USER_SETTINGS, null, 2));
  writeFileSync(
    join(userDataDir, 'Machine', 'settings.json'),
    JSON.stringify({ 'trivyFindings.trivy.path': options.trivyPath }, null, 2),
  );
  const server = await startCodeServer(
    codeServerEntry(),
    { workspace: options.workspace, userDataDir, extensionsDir },
    { KUBECONFIG: options.kubeconfigPath },
    join(options.stateDir, 'code-server.log'),
  );
  const remote = (path: string) => `vscode-remote://${new URL(server.url).host}${path}`;
  const payload = JSON.stringify([['extensionDevelopmentPath', remote(options.extensionDir)]]);
  const url = `${server.url}/?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(payload)}`;
  return { url, where: url, exited: server.exited, stop: () => server.stop() };
}

/** A quiet workbench: no telemetry, update checks, tips or welcome page over the demo. */
export const DEMO_USER_SETTINGS = {
  ...QUIET_WORKBENCH_SETTINGS,
  'workbench.colorTheme': 'Default Dark Modern',
};
