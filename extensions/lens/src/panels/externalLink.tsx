import React from 'react';

/** Report text as a link when the report gave a followable URL (see `safeUrl`), else as text. */
export function ExternalLink({
  url,
  text,
}: {
  readonly url: string | undefined;
  readonly text: string;
}): React.ReactElement {
  return url ? (
    <a href={url} target="_blank" rel="noreferrer">
      {text}
    </a>
  ) : (
    <>{text}</>
  );
}
