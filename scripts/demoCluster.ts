// `npm run --silent demo-cluster -- --data DIR [--port N] [--kubeconfig-out FILE] [--generate N] [--replay]`
//   (also `--seed S` for --generate/--replay, `--replay-interval MS`, default 1000)
// A fake Kubernetes API server for demos and manual testing: serves every object under DIR
// (YAML, multi-document YAML, JSON, `List`s), CRDs from DIR if it has any (else the fixture CRDs),
// writes a kubeconfig, prints `listening on https://127.0.0.1:PORT` and runs until SIGINT/SIGTERM.
// The kubeconfig is complete before that line: it is written beside its path and renamed onto it,
// so a reader that waits for the file (the README's recipe) never reads half of one.
// Files or objects it cannot load are reported on stderr and skipped.
import { mkdirSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateReports } from '../test/doubles/fakeApiServer/generateReports.js';
import type { KubeObj } from '../test/doubles/fakeApiServer/index.js';
import { startFakeApiServer } from '../test/doubles/fakeApiServer/index.js';
import { loadObjectsFromDir } from '../test/doubles/fakeApiServer/loadObjects.js';
import { startReplay } from '../test/doubles/fakeApiServer/replay.js';

function fail(message: string): never {
  process.stderr.write(`demo-cluster: ${message}\n`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        data: { type: 'string' },
        port: { type: 'string', default: '0' },
        'kubeconfig-out': { type: 'string', default: '.tmp/demo-kubeconfig' },
        generate: { type: 'string' },
        replay: { type: 'boolean', default: false },
        seed: { type: 'string', default: '1' },
        'replay-interval': { type: 'string', default: '1000' },
      },
      strict: true,
    });
  } catch (e) {
    return fail((e as Error).message);
  }
})();

const port = Number(values.port);
const generate = values.generate === undefined ? 0 : Number(values.generate);
const seed = Number(values.seed);
const replayInterval = Number(values['replay-interval']);
if (!Number.isInteger(replayInterval) || replayInterval < 10)
  fail(`--replay-interval must be milliseconds (>= 10), not ${values['replay-interval']}`);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be a port number, not ${values.port}`);
if (!Number.isInteger(generate) || generate < 0) fail(`--generate must be a count, not ${values.generate}`);

let loaded: KubeObj[] = [];
if (values.data !== undefined) {
  try {
    const result = loadObjectsFromDir(resolve(values.data));
    for (const problem of result.problems) process.stderr.write(`skipped ${problem}\n`);
    loaded = result.objects;
  } catch (e) {
    fail(`cannot read --data ${values.data}: ${(e as Error).message}`);
  }
}
const crds = loaded.filter((o) => o.kind === 'CustomResourceDefinition');
const server = await startFakeApiServer({
  port,
  objects: crds,
  ...(crds.length > 0 ? { crdsDir: false } : {}),
});

// Namespaces before the objects in them; one bad object never stops the rest.
const rank = (o: KubeObj): number => (o.kind === 'Namespace' ? 0 : 1);
const generated = generate > 0 ? generateReports(generate, seed).objects : [];
for (const obj of [...loaded.filter((o) => o.kind !== 'CustomResourceDefinition'), ...generated].sort(
  (a, b) => rank(a) - rank(b),
)) {
  try {
    if (obj.kind === 'Namespace' && server.get('v1', 'Namespace', undefined, obj.metadata.name ?? ''))
      continue;
    server.create(obj);
  } catch (e) {
    process.stderr.write(
      `skipped ${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? '(no name)'}: ${(e as Error).message}\n`,
    );
  }
}

const kubeconfigOut = resolve(values['kubeconfig-out']);
mkdirSync(dirname(kubeconfigOut), { recursive: true });
const partial = `${kubeconfigOut}.${process.pid}.partial`;
server.writeKubeconfig(partial);
renameSync(partial, kubeconfigOut);
const replay = values.replay
  ? startReplay(server, {
      seed,
      intervalMs: replayInterval,
      log: (line) => process.stderr.write(`replay: ${line}\n`),
    })
  : undefined;
process.stdout.write(`listening on ${server.url}\n`);
process.stderr.write(`kubeconfig: ${kubeconfigOut}  (KUBECONFIG=${kubeconfigOut} kubectl get vulns -A)\n`);

const stop = (): void => {
  replay?.stop();
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
