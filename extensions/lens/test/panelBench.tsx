// The measurement behind `npm run bench`'s lens-panel line (scripts/bench/lensPanel.ts runs this in a
// child process with the Lens test hooks): the first render of a workload's Security findings
// section with 2,000 findings in jsdom, and, as the baseline of the same run, a plain React table of
// the same 2,000 findings' rows. Prints one JSON line.
import './jsdomGlobals.js';
import React from 'react';
import ReactDOM from 'react-dom';
import type { Finding } from '../../../shared/src/model/finding.js';
import { ObjectFindingsPanel } from '../src/panels/objectFindingsPanel.js';
import { generatedWorkloadFindings, objectData } from './panelFixtures.js';

const RUNS = 7;
const FINDINGS = 2000;
const object = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Milliseconds to mount `element` into a new container (legacy mode renders synchronously): wall
 * time, and the process's CPU time, which a machine shared with other work inflates far less.
 */
function mount(element: React.ReactElement): { ms: number; cpuMs: number; rows: number } {
  const container = document.createElement('div');
  document.body.appendChild(container);
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  ReactDOM.render(element, container);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const rows = container.querySelectorAll('.TableRow, tr').length;
  ReactDOM.unmountComponentAtNode(container);
  container.remove();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, rows };
}

function PlainTable({ findings }: { readonly findings: readonly Finding[] }): React.ReactElement {
  return (
    <table>
      <tbody>
        {findings.map((f, i) => (
          <tr key={i}>
            <td>{f.severity}</td>
            <td>{f.id}</td>
            <td>{f.package?.name ?? ''}</td>
            <td>{f.package?.installedVersion ?? ''}</td>
            <td>{f.package?.fixedVersion ?? ''}</td>
            <td>{f.message ?? ''}</td>
            <td>{f.title}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const findings = generatedWorkloadFindings(FINDINGS);
const data = objectData(findings);
const panel = () => <ObjectFindingsPanel object={object} data={{ ...data, findings: [...findings] }} />;
const plain = () => <PlainTable findings={findings} />;

const first = mount(panel());
mount(plain());
const panelTimes: number[] = [];
const plainTimes: number[] = [];
const panelCpu: number[] = [];
const plainCpu: number[] = [];
let rows = 0;
for (let i = 0; i < RUNS; i++) {
  const p = mount(panel());
  panelTimes.push(p.ms);
  panelCpu.push(p.cpuMs);
  rows = p.rows;
  const q = mount(plain());
  plainTimes.push(q.ms);
  plainCpu.push(q.cpuMs);
}
const types = new Map<string, number>();
for (const f of findings) types.set(f.type, (types.get(f.type) ?? 0) + 1);
console.log(
  JSON.stringify({
    findings: findings.length,
    types: Object.fromEntries(types),
    rowsShown: rows,
    firstInProcessMs: first.ms,
    panelMs: median(panelTimes),
    plainTableMs: median(plainTimes),
    panelCpuMs: median(panelCpu),
    plainTableCpuMs: median(plainCpu),
  }),
);
