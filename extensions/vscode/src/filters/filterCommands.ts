import * as vscode from 'vscode';
import { SEVERITIES, type Severity } from '@trivy-findings/core/model/severity.js';
import { Commands } from '../commands.js';
import { registerCommand } from '../registerCommand.js';
import { HIGH_AND_CRITICAL_FIXABLE, type FindingFilters } from './findingFilters.js';
import type { FilterState } from './filterState.js';

/** The namespaces and report kinds the picker offers: the shown cluster's, and those chosen before. */
export interface FilterChoices {
  readonly namespaces: readonly string[];
  readonly kinds: readonly string[];
}

type Choice =
  | { readonly what: 'severity'; readonly severity: Severity }
  | { readonly what: 'fixable' }
  | { readonly what: 'suppressed' }
  | { readonly what: 'namespace'; readonly namespace: string }
  | { readonly what: 'kind'; readonly kind: string };

interface FilterItem extends vscode.QuickPickItem {
  readonly choice?: Choice;
}

/**
 * The filter commands: the picker behind the views' filter button (both of its icons), "Show only
 * HIGH and CRITICAL, fixable" and "Clear filters"; each writes the settings through `state`.
 */
export function registerFilterCommands(state: FilterState, choices: () => FilterChoices): vscode.Disposable {
  const pick = () => pickFilters(state, choices());
  const subscriptions = [
    registerCommand(Commands.pickFilters, pick),
    registerCommand(Commands.pickFiltersActive, pick),
    registerCommand(Commands.filterHighCriticalFixable, () => state.set(HIGH_AND_CRITICAL_FIXABLE)),
    registerCommand(Commands.clearFilters, () => state.clear()),
  ];
  return { dispose: () => subscriptions.forEach((s) => s.dispose()) };
}

/** A multi-select quick pick of every filter, the current ones checked; accepted, it is written. */
async function pickFilters(state: FilterState, offered: FilterChoices): Promise<void> {
  const now = state.filters;
  const items = filterItems(now, offered);
  const quickPick = vscode.window.createQuickPick<FilterItem>();
  quickPick.title = 'Trivy Findings: filters';
  quickPick.placeholder =
    'Severities, fixable only, suppressed, namespaces and kinds; nothing checked in a group = all';
  quickPick.canSelectMany = true;
  quickPick.matchOnDescription = true;
  quickPick.items = items;
  quickPick.selectedItems = items.filter((i) => i.picked);
  const accepted = await new Promise<readonly FilterItem[] | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems));
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (accepted) await state.set(filtersFromChoices(accepted.flatMap((i) => (i.choice ? [i.choice] : []))));
}

function filterItems(now: FindingFilters, offered: FilterChoices): FilterItem[] {
  const separator = (label: string): FilterItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const items: FilterItem[] = [separator('Severities')];
  for (const severity of SEVERITIES)
    items.push({
      label: severity,
      picked: now.severities.includes(severity),
      choice: { what: 'severity', severity },
    });
  items.push(
    separator('Findings'),
    {
      label: 'Fixable only',
      description: 'hide vulnerabilities with no fixed version (trivy --ignore-unfixed)',
      picked: now.ignoreUnfixed,
      choice: { what: 'fixable' },
    },
    {
      label: 'Show suppressed',
      description: 'findings their scan or report marks suppressed, labelled (suppressed)',
      picked: now.showSuppressed,
      choice: { what: 'suppressed' },
    },
  );
  const namespaces = [...new Set([...offered.namespaces, ...now.namespaces])].sort();
  if (namespaces.length > 0) {
    items.push(separator('Namespaces (cluster)'));
    for (const namespace of namespaces)
      items.push({
        label: namespace,
        picked: now.namespaces.includes(namespace),
        choice: { what: 'namespace', namespace },
      });
  }
  const kinds = [...new Set([...offered.kinds, ...now.kinds])].sort();
  if (kinds.length > 0) {
    items.push(separator('Report kinds (cluster)'));
    for (const kind of kinds)
      items.push({ label: kind, picked: now.kinds.includes(kind), choice: { what: 'kind', kind } });
  }
  return items;
}

/** The filters the checked items say; no severity checked means every severity. */
function filtersFromChoices(choices: readonly Choice[]): FindingFilters {
  const severities = SEVERITIES.filter((s) => choices.some((c) => c.what === 'severity' && c.severity === s));
  return {
    severities: severities.length === 0 ? SEVERITIES : severities,
    ignoreUnfixed: choices.some((c) => c.what === 'fixable'),
    showSuppressed: choices.some((c) => c.what === 'suppressed'),
    namespaces: choices.flatMap((c) => (c.what === 'namespace' ? [c.namespace] : [])).sort(),
    kinds: choices.flatMap((c) => (c.what === 'kind' ? [c.kind] : [])).sort(),
  };
}
