#!/usr/bin/env node
// The CLI from its TypeScript sources through tsx's loader, for development and the tests: no
// build step after `npm ci`. The installed bin is the bundle scripts/buildCli.mjs writes.
import { register } from 'tsx/esm/api';

register();
await import('../shared/src/cli/bin.ts');
