import * as vscode from 'vscode';
import { DEFAULT_RESOURCES, type ResourceDefaults } from '@trivy-findings/core/fixes/fix.js';
import { quantityValue } from '@trivy-findings/core/fixes/quantity.js';
import { Settings } from '../commands.js';

/**
 * The values the resource fixes write (`trivyFindings.fixes.resources`); what the setting leaves
 * out, or gives as something that is not a Kubernetes quantity, keeps its default.
 */
export function configuredResources(): ResourceDefaults {
  const setting = vscode.workspace.getConfiguration().get<unknown>(Settings.resourceDefaults);
  const given = (group: 'requests' | 'limits', resource: 'cpu' | 'memory'): string => {
    const value = (setting as Record<string, Record<string, unknown> | undefined> | undefined)?.[group]?.[
      resource
    ];
    return typeof value === 'string' && quantityValue(value) !== undefined
      ? value
      : DEFAULT_RESOURCES[group][resource];
  };
  return {
    requests: { cpu: given('requests', 'cpu'), memory: given('requests', 'memory') },
    limits: { cpu: given('limits', 'cpu'), memory: given('limits', 'memory') },
  };
}
