import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Renderer } from '@k8slens/extensions';

export type InstalledExtension = ConstructorParameters<typeof Renderer.LensExtension>[0];

const workspaceManifest = fileURLToPath(new URL('../package.json', import.meta.url));

/** What a host hands an extension's constructor after installing the package at `manifestPath`. */
export function installedExtension(manifestPath = workspaceManifest): InstalledExtension {
  return {
    id: manifestPath,
    absolutePath: dirname(manifestPath),
    manifestPath,
    manifest: JSON.parse(readFileSync(manifestPath, 'utf8')),
    isBundled: false,
    isCompatible: true,
    isEnabled: true,
  };
}
