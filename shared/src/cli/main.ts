import { readFileSync } from 'node:fs';
import { NodeFileReader } from '../node/nodeFileReader.js';
import type { CliIo } from './cliIo.js';
import { runFilesCommand } from './filesCommand.js';

/** Entry of the `trivy-findings` bin: `cluster …` goes to the live-cluster command, anything else reads files. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'cluster') {
    // Loaded on demand: client-node is heavy and reading files never needs it.
    const { runClusterCommand } = await import('./clusterCommand.js');
    return runClusterCommand(argv.slice(1), io);
  }
  if (argv[0] === '--version') {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  return runFilesCommand(argv, io, new NodeFileReader(), packageVersion());
}

// From shared/src/cli/ in the sources and from dist/cli/ in the bundle, ../../package.json is the
// root package's, whose `bin` this is.
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
