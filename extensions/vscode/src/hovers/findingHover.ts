import * as vscode from 'vscode';
import type { FindingRegistry } from '../diagnostics/findingRegistry.js';
import { findingMarkdown } from './findingMarkdown.js';

/**
 * Hovers on the ranges of the published diagnostics: the rule's title, description and
 * resolution, the package's installed → fixed versions, CVSS, and links. Report text is
 * untrusted: it is escaped (a title like `[x](command:…)` or `<img …>` shows as those characters),
 * links are http(s) only, and the Markdown is neither trusted nor allowed HTML or icons.
 */
export function registerFindingHovers(registry: FindingRegistry): vscode.Disposable {
  return vscode.languages.registerHoverProvider(
    { pattern: '**' },
    {
      provideHover(document, position) {
        const here = registry.at(document.uri, position);
        if (here.length === 0) return undefined;
        const markdown = new vscode.MarkdownString(
          here.map((p) => findingMarkdown(p.finding)).join('\n\n---\n\n'),
        );
        markdown.isTrusted = false;
        markdown.supportHtml = false;
        markdown.supportThemeIcons = false;
        const range = here.map((p) => p.diagnostic.range).reduce((a, b) => a.intersection(b) ?? a);
        return new vscode.Hover(markdown, range);
      },
    },
  );
}
