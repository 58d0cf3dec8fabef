import React from 'react';
import { Renderer } from '@k8slens/extensions';

/**
 * A state said in a sentence where a table would be: loading (with the host's spinner), not
 * scanned, not installed, forbidden, unreachable, clean. `state` is kept as a data attribute for
 * styles; the sentence is what a person reads.
 */
export function StateSentence({
  state,
  sentence,
}: {
  readonly state: string;
  readonly sentence: string;
}): React.ReactElement {
  const { Spinner } = Renderer.Component;
  return (
    <div
      className="TrivyFindingsState flex gaps align-center"
      data-state={state}
      style={{ padding: '8px 0' }}
    >
      {state === 'loading' ? <Spinner /> : null}
      <span>{sentence}</span>
    </div>
  );
}

/** Lines that qualify what is shown: data kept through a failure, a scan older than its interval. */
export function Notes({ notes }: { readonly notes: readonly string[] }): React.ReactElement | null {
  if (notes.length === 0) return null;
  return (
    <div className="TrivyFindingsNotes">
      {notes.map((note) => (
        <p key={note} className="TrivyFindingsNote" style={{ margin: '4px 0' }}>
          {note}
        </p>
      ))}
    </div>
  );
}
