import { escapeHtml } from '@crm/subgraph';
import type { WebFormEntity } from './web-form.entity';

/** Pages served to browsers may run no script and load nothing; styles are inline. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

const INPUT_TYPE: Record<string, string> = { EMAIL: 'email', PHONE: 'tel', EMPLOYEE_COUNT: 'number' };

const page = (title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.75rem 0 .25rem}
input[type=text],input[type=email],input[type=tel],input[type=number]{width:100%;padding:.4rem;box-sizing:border-box}
.hp{position:absolute;left:-10000px}button{margin-top:1rem;padding:.5rem 1rem}</style></head>
<body>${body}</body></html>`;

/** A plain hosted page of the form, posting to itself: what a site embeds or links to, and the example `npm start` serves. */
export function formPage(form: WebFormEntity): string {
  const fields = form.fieldMap
    .map((m) => {
      const id = `f-${escapeHtml(m.field)}`;
      return `<label for="${id}">${escapeHtml(m.field)}${m.required ? ' *' : ''}</label>
<input id="${id}" name="${escapeHtml(m.field)}" type="${INPUT_TYPE[m.attribute] ?? 'text'}"${m.required ? ' required' : ''}>`;
    })
    .join('\n');
  const consent = form.consentText
    ? `<label><input type="checkbox" name="consent" value="yes"> ${escapeHtml(form.consentText)}</label>`
    : '';
  return page(
    form.name,
    `<h1>${escapeHtml(form.name)}</h1>
<form method="post" action="/forms/${escapeHtml(form.key)}">
${fields}
<div class="hp" aria-hidden="true"><label>Leave empty <input name="${escapeHtml(form.honeypotField)}" tabindex="-1" autocomplete="off"></label></div>
${consent}
<button type="submit">Send</button>
</form>`,
  );
}

/** What a browser sees after posting a form that has no thank-you URL. */
export function thankYouPage(form: WebFormEntity): string {
  return page(
    form.name,
    `<h1>${escapeHtml(form.name)}</h1><p>${escapeHtml(form.thankYouMessage ?? 'Thank you, we received your message.')}</p>`,
  );
}
