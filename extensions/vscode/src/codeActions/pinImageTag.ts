import * as vscode from 'vscode';
import { imageTagProblem } from '@trivy-findings/core/fixes/imageReference.js';
import { fixesForFinding } from '@trivy-findings/core/fixes/manifestFixes.js';
import { Commands } from '../commands.js';
import type { FindingRegistry } from '../diagnostics/findingRegistry.js';
import { registerCommand } from '../registerCommand.js';
import { workspaceEditOf } from './fixEdits.js';

/**
 * "Pin the image … to a tag…" (KSV013 when the cluster's digest is not known): asks for the tag,
 * then applies the core's edit for it. There is no tag to guess: `latest` is what the check
 * warns about, and any other is a version only the user knows.
 */
export function registerPinImageTag(registry: FindingRegistry): vscode.Disposable {
  return registerCommand(Commands.pinImageTag, async (uri, diagnostic, given) => {
    const finding = registry.findingOf(uri, diagnostic);
    if (!finding) return false;
    const tag =
      given ??
      (await vscode.window.showInputBox({
        title: 'Pin the image to a tag',
        prompt: 'The tag of the image version to run (not "latest")',
        placeHolder: 'e.g. 1.27.3',
        ignoreFocusOut: true,
        validateInput: (value) => imageTagProblem(value.trim()),
      }));
    if (tag === undefined || imageTagProblem(tag.trim()) !== undefined) return false;
    const document = await vscode.workspace.openTextDocument(uri);
    const fix = fixesForFinding(finding, {
      manifest: { path: uri.toString(), text: document.getText() },
      imageTag: tag.trim(),
    }).find((f) => f.kind === 'pin-image-tag' && f.edits.length > 0);
    const edit = fix && workspaceEditOf(fix.edits, new Map([[uri.toString(), uri]]));
    return edit ? vscode.workspace.applyEdit(edit) : false;
  });
}
