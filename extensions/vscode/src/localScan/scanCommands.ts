import * as vscode from 'vscode';
import { Commands } from '../commands.js';
import { registerCommand } from '../registerCommand.js';
import type { LocalScanner } from './localScanner.js';

/** "Scan with Trivy" of a file or folder, and "Scan Workspace with Trivy": on demand, cancellable. */
export function registerLocalScanCommands(scanner: LocalScanner): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand(Commands.scanFile, async (target) => {
      const uri = target ?? vscode.window.activeTextEditor?.document.uri;
      if (uri) await scanner.scanNow(uri);
    }),
    registerCommand(Commands.scanWorkspace, async () => {
      for (const folder of vscode.workspace.workspaceFolders ?? [])
        await scanner.scanNow(folder.uri, `Trivy: scanning ${folder.name}`);
    }),
  );
}
