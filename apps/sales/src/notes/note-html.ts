import sanitizeHtml from 'sanitize-html';

/**
 * The rich-text subset a note may hold: paragraphs, emphasis, lists, quotes, code and links.
 * Everything else is dropped by an allow-list, never a block-list: script and style lose their
 * content, event handlers and every other attribute go, and a link keeps only an http(s) or mailto
 * href and opens without its opener. Notes are shown in the console as HTML, so this runs on every
 * write, before the body reaches the database.
 */
const NOTE_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'a'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
};

// transformTags adds rel and target after the attribute filter has run, so they are allowed explicitly.
NOTE_HTML.allowedAttributes = { a: ['href', 'rel', 'target'] };

/** A note's body as it is stored and served: the safe subset of `html`, trimmed. */
export function sanitizeNoteHtml(html: string): string {
  return sanitizeHtml(html, NOTE_HTML).trim();
}

/** Whether sanitised HTML says anything a person can read (text, not only empty tags). */
export function hasText(html: string): boolean {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).trim().length > 0;
}
