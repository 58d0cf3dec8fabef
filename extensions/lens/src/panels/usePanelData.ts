import { useEffect, useMemo, useState } from 'react';
import { onPanelSourceChange, panelSource, type PanelSource } from './panelSource.js';

/**
 * The data a registered component shows, read from the connected source and read again when it
 * changes (live: a report changed in the cluster changes what is on screen) or when `key` (what is
 * shown) changes. `undefined` while no source is connected.
 */
export function usePanelData<T>(read: (source: PanelSource) => T, key: string): T | undefined {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const subscription = onPanelSourceChange(() => setVersion((v) => v + 1));
    return () => subscription.dispose();
  }, []);
  // `read` is a new function each render; what it reads is named by `key` and `version`.
  return useMemo(() => {
    const source = panelSource();
    return source ? read(source) : undefined;
  }, [version, key]);
}
