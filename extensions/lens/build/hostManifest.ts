/** The fields of the extension's package.json that a host reads when it installs and loads it. */
const HOST_FIELDS = [
  'name',
  'version',
  'description',
  'license',
  'main',
  'renderer',
  'engines',
  'files',
] as const;

/**
 * The package.json that goes into the tarball: the workspace's, less what only the workspace
 * needs. Without `type` the hosts `require()` dist/*.js as the CommonJS they are (the workspace is
 * an ES module package for its sources and tests); without `scripts` nothing runs at pack or
 * install time; without `devDependencies` and with no `dependencies` (everything is bundled)
 * Freelens has nothing to install with pnpm.
 */
export function hostManifest(workspaceManifest: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const manifest: Record<string, unknown> = {};
  for (const field of HOST_FIELDS)
    if (workspaceManifest[field] !== undefined) manifest[field] = workspaceManifest[field];
  return manifest;
}
