// The Lens host is built in its own issue; until then this package only holds its place in
// the workspace so that the boundary rules and project references are in force from the start.
export const EXTENSION_ID = 'trivy-findings-lens';
