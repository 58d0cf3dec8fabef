import React from 'react';
import { Renderer } from '@k8slens/extensions';
import type { ObjectRef } from '../../../../shared/src/ports/clusterSource.js';
import { objectLabel } from '../objectRef.js';
import type { Rescan } from './panelModel.js';

/**
 * "Rescan" in a workload's menu (and its details toolbar): after the person confirms, `rescan`
 * deletes the workload's reports, so that Trivy Operator scans it again; the outcome is a
 * notification. Nothing is deleted without the confirmation.
 */
export function RescanMenuItem({
  object,
  toolbar,
  rescan,
}: {
  readonly object: ObjectRef;
  readonly toolbar?: boolean;
  readonly rescan: Rescan;
}): React.ReactElement {
  const { MenuItem, Icon } = Renderer.Component;
  return (
    <MenuItem onClick={() => void confirmAndRescan(object, rescan)}>
      <Icon material="refresh" interactive={toolbar} {...(toolbar ? { tooltip: 'Rescan' } : {})} />
      <span className="title">Rescan</span>
    </MenuItem>
  );
}

async function confirmAndRescan(object: ObjectRef, rescan: Rescan): Promise<void> {
  const { ConfirmDialog, Notifications } = Renderer.Component;
  const label = objectLabel(object);
  const confirmed = await ConfirmDialog.confirm({
    message: `Rescan ${label}? Its Trivy Operator reports are deleted, and the operator scans it again within minutes.`,
    labelOk: 'Rescan',
  });
  if (!confirmed) return;
  try {
    const { deletedReports } = await rescan(object);
    Notifications.ok(
      deletedReports === 0
        ? `${label} had no reports to delete: Trivy Operator scans it when it next reconciles it.`
        : `Rescanning ${label}: ${deletedReports} report${deletedReports === 1 ? '' : 's'} deleted; Trivy Operator writes new ones within minutes.`,
    );
  } catch (error) {
    Notifications.error(
      `Could not rescan ${label}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
