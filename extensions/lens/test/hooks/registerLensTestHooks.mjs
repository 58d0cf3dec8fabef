// `node --import` entry for the test runner (scripts/runTests.mjs): installs lensTestHooks.mjs.
import { register } from 'node:module';

register('./lensTestHooks.mjs', import.meta.url);
