import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/commands.js';
import { EXTENSION_ID } from './workbench/testWorkspace.js';
import { waitFor } from './workbench/waitFor.js';

describe('Activation', () => {
  it('activates by itself in a workspace that holds a Trivy scan file', async function () {
    this.timeout(120_000);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded from extensionDevelopmentPath`);
    // Nothing in the suite activates it: the workspace's scan file must (workspaceContains).
    await waitFor(
      () => extension.isActive,
      (active) => active,
      // Activation waits for the workspaceContains search and loads the whole bundle: on a
      // machine at load 28 that took over 20 s, the other waits' default.
      { what: 'activation on workspaceContains', timeoutMs: 90_000 },
    );
  });

  it('registers every command of commands.ts', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.values(Commands)) assert.ok(registered.has(id), `${id} is registered`);
  });
});
