import * as vscode from 'vscode';
import type { CommandArgs, CommandId } from './commands.js';

/** `vscode.commands.registerCommand`, typed by {@link CommandArgs} so handlers and callers agree. */
export function registerCommand<K extends CommandId>(
  id: K,
  handler: (...args: CommandArgs[K]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown);
}
