import type * as vscode from 'vscode';

/**
 * Every command the extension contributes: the only list of command ids in the code base.
 * `package.json` declares the same ids (a test checks both lists agree).
 */
export const Commands = {
  openScanFile: 'trivyFindings.openScanFile',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** The arguments of each command, as callers (menus, tests, other extensions) pass them. */
export interface CommandArgs {
  /** The scan file to read; without one the user picks it in an open dialog. */
  [Commands.openScanFile]: [file?: vscode.Uri];
}

/** The settings the extension reads, by their full key; `package.json` declares them. */
export const Settings = {
  trivyPath: 'trivyFindings.trivy.path',
  trivyExtraArgs: 'trivyFindings.trivy.extraArgs',
} as const;
