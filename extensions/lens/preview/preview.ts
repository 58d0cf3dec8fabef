// `npm run preview:lens [-- --port N]`: serves the real Lens panels and pages over a local fake API
// server (see previewServer.ts), prints the URL; Ctrl-C stops everything.
import { startPreview } from './previewServer.js';

const at = process.argv.indexOf('--port');
const preview = await startPreview(at > 0 ? { port: Number(process.argv[at + 1]) } : {});
console.log(`Trivy Findings for Lens preview: ${preview.url}/`);
const stop = () => void preview.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
