import React from 'react';
import type { Renderer } from '@k8slens/extensions';
import { objectRefOf } from '../objectRef.js';
import { panelSource } from './panelSource.js';
import { RescanMenuItem } from './rescanMenuItem.js';
import { usePanelData } from './usePanelData.js';

/**
 * The Rescan item as registered in workloads' menus: absent until a panel source is connected
 * (nothing could delete the reports), or for an object without a kind or a name.
 */
export function RegisteredRescanItem({
  object,
  toolbar,
}: {
  readonly object: Renderer.K8sApi.KubeObject;
  readonly toolbar?: boolean;
}): React.ReactElement | null {
  const ref = objectRefOf(object);
  const rescan = usePanelData((source) => source.rescan, '');
  if (!ref || !rescan || !panelSource()) return null;
  return <RescanMenuItem object={ref} {...(toolbar !== undefined ? { toolbar } : {})} rescan={rescan} />;
}
