// A child of the yaml-dump-memory benchmark: reads the dump at argv[3] once, our way (`ours`) or
// with js-yaml's `load` (`js-yaml`), and prints the process's peak RSS in bytes. Both modes load
// the same modules, so the figure compares the reads, not what was imported.
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { readSourceText } from '../../shared/src/readers/readSource.js';

const [mode, path] = process.argv.slice(2);
const text = readFileSync(path!, 'utf8');
if (mode === 'ours') readSourceText(text, 'dump.yaml');
else if (mode === 'js-yaml') load(text);
else throw new Error(`mode ours or js-yaml, not ${mode}`);
// maxRSS is the peak since the process started: what a read returned was held until it returned.
process.stdout.write(`${process.resourceUsage().maxRSS * 1024}\n`);
