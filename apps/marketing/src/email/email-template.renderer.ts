import { InvalidError } from '@crm/domain';
import Mustache from 'mustache';

/** What a template may say about the person and the campaign. */
export const MERGE_FIELDS = ['name', 'firstName', 'company', 'email', 'ownerName', 'campaign', 'unsubscribeUrl'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeValues = Partial<Record<MergeField, string | null>>;

/** A template made ready to send: its links numbered, the pixel and the unsubscribe link in place. */
export interface PreparedTemplate {
  subject: string;
  html: string;
  text: string;
  /** The template's links, in order: a click redirects to one of these and nowhere else. */
  links: string[];
}

const HREF = /\bhref\s*=\s*(["'])(.*?)\1/gis;
const ALLOWED_SPANS = new Set(['text', 'name', '#', '^']);
const KNOWN = new Set<string>(MERGE_FIELDS);
const plain = { escape: (s: unknown) => String(s) };

/** Refuses, naming `field`, a template that does not parse or names what it may not. */
export function checkTemplate(field: string, source: string, html: boolean): void {
  let spans: Mustache.TemplateSpans;
  try {
    spans = Mustache.parse(source);
  } catch (e) {
    throw new InvalidError(field, `is not a valid template: ${(e as Error).message}`);
  }
  const walk = (list: Mustache.TemplateSpans): void => {
    for (const span of list) {
      const [type, value] = span;
      if (type === 'text') continue;
      if (!ALLOWED_SPANS.has(type) && !(type === '&' && !html)) {
        throw new InvalidError(field, `{{${type}${value}}} is not allowed: use {{name}}, which escapes, or a {{#name}} section`);
      }
      if (!KNOWN.has(value)) throw new InvalidError(field, `{{${value}}} is not a merge field; use one of ${MERGE_FIELDS.join(', ')}`);
      const nested = span[4];
      if (Array.isArray(nested)) walk(nested);
    }
  };
  walk(spans);
  if (html) {
    for (const [, , url] of source.matchAll(HREF)) {
      if (!/^https?:\/\/[^\s{}<>"']+$/i.test(url ?? '')) {
        throw new InvalidError(field, `link "${url}" must be a fixed http(s) URL: a click goes only where the template says`);
      }
    }
  }
}

/**
 * Numbers the template's links (each href becomes a placeholder for its tracking link), adds the
 * open pixel, and adds an unsubscribe link where the template has none.
 */
export function prepareTemplate(t: { subject: string; html: string; text: string | null }): PreparedTemplate {
  const links: string[] = [];
  let html = t.html.replace(HREF, (_m, _q: string, url: string) => `href="{{__click${links.push(url) - 1}}}"`);
  if (!t.html.includes('{{unsubscribeUrl}}')) html += '\n<p><a href="{{unsubscribeUrl}}">Unsubscribe</a></p>';
  html += '\n<img src="{{__open}}" width="1" height="1" alt="">';
  let text = t.text ?? '';
  if (!text.includes('{{unsubscribeUrl}}')) text += `${text ? '\n\n' : ''}Unsubscribe: {{unsubscribeUrl}}`;
  return { subject: t.subject, html, text, links };
}

/** One person's message. Values are HTML-escaped in the HTML part and left as they are in the subject and text. */
export function renderMessage(
  t: PreparedTemplate,
  values: MergeValues,
  tracking: { open: string; unsubscribe: string; click: (index: number) => string },
): { subject: string; html: string; text: string } {
  const view: Record<string, string> = { __open: tracking.open };
  for (const f of MERGE_FIELDS) view[f] = values[f] ?? '';
  view.unsubscribeUrl = tracking.unsubscribe;
  t.links.forEach((_url, i) => (view[`__click${i}`] = tracking.click(i)));
  return {
    // The subject is a header: no line breaks from a value.
    subject: Mustache.render(t.subject, view, {}, plain).replace(/[\r\n]+/g, ' '),
    html: Mustache.render(t.html, view),
    text: Mustache.render(t.text, view, {}, plain),
  };
}
