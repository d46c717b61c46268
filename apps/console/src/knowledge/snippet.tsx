import { Fragment } from 'react';
import { snippetParts } from './snippet-parts';

/** The snippet as React text nodes, the matches in <mark>: React escapes every character of it. */
export function Snippet({ html }: { html: string }) {
  return <>{snippetParts(html).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>))}</>;
}
