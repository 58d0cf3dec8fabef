// `npm run bench`: every benchmark, each printed as a ratio against a baseline measured in the
// same run (lines like `offline-load: 1.21x (goal ≤ 1.3)`), then peak memory. Node runs with
// --expose-gc so heap figures are after collection. `npm run bench -- offline` runs a subset.
import { benchManifestRanges, benchOfflineJoin, benchOfflineLoad } from './bench/offlineBench.js';
import { benchCluster } from './bench/clusterBench.js';
import { benchWorkspaceBurst } from './bench/workspaceBench.js';
import { benchYamlDump } from './bench/yamlDumpBench.js';
import { PeakMemory } from './bench/measure.js';
import { benchLensBundle } from './bench/lensBundle.js';
import { benchViewerFirstPaint } from './bench/viewerFirstPaint.js';
import { benchVscodeBurst } from './bench/vscodeBurst.js';
import { benchLensPanel } from './bench/lensPanel.js';
import { benchInsights } from './bench/insightsBench.js';
import { benchClusterFilter } from './bench/clusterFilter.js';
import { benchVsixSize } from './bench/vsixSize.js';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.some((o) => name.includes(o));
const print = (line: string) => console.log(line);
const peak = new PeakMemory();

if (want('offline-load')) benchOfflineLoad(print);
if (want('manifest-ranges')) benchManifestRanges(print);
if (want('workspace-burst')) benchWorkspaceBurst(print);
if (want('offline-join')) benchOfflineJoin(print);
if (want('yaml-dump')) await benchYamlDump(print);
if (want('cluster')) await benchCluster(print);
if (want('lens-renderer')) benchLensBundle(print);
if (want('viewer-first-paint')) benchViewerFirstPaint(print);
if (want('vscode-burst')) benchVscodeBurst(print);
if (want('lens-panel')) benchLensPanel(print);
if (want('insights')) benchInsights(print);
if (want('cluster-filter')) benchClusterFilter(print);
if (want('vsix')) benchVsixSize(print);

const { heapMB, rssMB } = peak.stop();
print(`peak-memory: ${heapMB.toFixed(0)} MB heap, ${rssMB.toFixed(0)} MB RSS`);
