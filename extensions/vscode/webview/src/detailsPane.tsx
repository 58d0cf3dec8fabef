// @jsxRuntime automatic
import type { ReactNode } from 'react';
import type { FindingDetails, FindingRow } from '../../src/scanViewer/protocol.js';
import { isWebUrl } from '../../src/scanViewer/webUrl.js';

/**
 * Everything about the selected finding. Report text goes in as text nodes only; references are
 * links only when they are http(s) URLs, and even those open through the host.
 */
export function DetailsPane({
  row,
  details,
  onOpenLocation,
  onOpenLink,
}: {
  readonly row: FindingRow | undefined;
  readonly details: FindingDetails | undefined;
  readonly onOpenLocation: (index: number) => void;
  readonly onOpenLink: (url: string) => void;
}) {
  if (!row) return <aside className="details empty">Select a finding to see its details.</aside>;
  if (!details) return <aside className="details loading">Loading {row.id}…</aside>;
  const d = details;
  return (
    <aside className="details" aria-label={`Details of ${d.id}`}>
      <h2>
        <span className={`severity severity-${d.severity.toLowerCase()}`}>{d.severity}</span> {d.id}
      </h2>
      <p className="title">{d.title}</p>
      <dl>
        <Field label="Type">{d.type}</Field>
        {d.aliases.length > 0 && <Field label="Also known as">{d.aliases.join(', ')}</Field>}
        {(d.suppressed || d.outcome !== 'fail') && (
          <Field label="Outcome">
            {d.outcome}
            {d.suppressed ? ', suppressed' : ''}
          </Field>
        )}
        {d.package && (
          <Field label="Package">
            {d.package.name} {d.package.installed ?? ''}
            {d.package.fixed ? ` → ${d.package.fixed}` : ' (no fixed version)'}
            {d.package.status ? ` · ${d.package.status}` : ''}
          </Field>
        )}
        {d.package?.path && <Field label="Package path">{d.package.path}</Field>}
        {d.package?.purl && <Field label="PURL">{d.package.purl}</Field>}
        {d.cvss.length > 0 && (
          <Field label="CVSS">
            <ul className="cvss">
              {d.cvss.map((c) => (
                <li key={c.source}>
                  {c.source}
                  {c.v40Score !== undefined && ` · v4.0 ${c.v40Score}${c.v40Vector ? ` ${c.v40Vector}` : ''}`}
                  {c.v3Score !== undefined && ` · v3 ${c.v3Score}${c.v3Vector ? ` ${c.v3Vector}` : ''}`}
                  {c.v2Score !== undefined && ` · v2 ${c.v2Score}${c.v2Vector ? ` ${c.v2Vector}` : ''}`}
                </li>
              ))}
            </ul>
          </Field>
        )}
        {d.workload && (
          <Field label="Workload">
            {d.workload.key}
            {d.workload.inferred ? ' (inferred from names)' : ''}
          </Field>
        )}
        {d.resource && <Field label="Resource">{d.resource}</Field>}
        {d.target && <Field label="Target">{d.target}</Field>}
        {d.location && (
          <Field label="Location">
            <button type="button" className="link open-location" onClick={() => onOpenLocation(d.index)}>
              {d.location.path}:{d.location.startLine}
              {d.location.endLine > d.location.startLine ? `-${d.location.endLine}` : ''}
            </button>
            {d.location.approximate ? ' (lines of the rendered manifest)' : ''}
          </Field>
        )}
        {d.category && <Field label="Category">{d.category}</Field>}
        {d.match && <Field label="Match">{d.match}</Field>}
        {d.publishedDate && <Field label="Published">{d.publishedDate}</Field>}
        {d.lastModifiedDate && <Field label="Modified">{d.lastModifiedDate}</Field>}
        <Field label="Read from">{d.origin}</Field>
        {d.alsoSeenIn.length > 0 && <Field label="Also in">{d.alsoSeenIn.join('; ')}</Field>}
      </dl>
      {d.message && <Section title="Message">{d.message}</Section>}
      {d.description && <Section title="Description">{d.description}</Section>}
      {d.resolution && <Section title="Resolution">{d.resolution}</Section>}
      {d.references.length > 0 && (
        <section>
          <h3>References</h3>
          <ul className="references">
            {d.references.map((url) => (
              <li key={url}>
                {isWebUrl(url) ? (
                  <a
                    href={url}
                    // VS Code's own handler of link clicks in webviews would open it too: only
                    // the host's, which checks the scheme again, does.
                    onClick={(event) => {
                      event.preventDefault();
                      event.stopPropagation();
                      onOpenLink(url);
                    }}
                    onAuxClick={(event) => {
                      event.preventDefault();
                      event.stopPropagation();
                    }}
                  >
                    {url}
                  </a>
                ) : (
                  <span className="not-a-link" title="Not an http or https link: not opened">
                    {url}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}

function Field({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Section({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  return (
    <section>
      <h3>{title}</h3>
      <p className="text">{children}</p>
    </section>
  );
}
