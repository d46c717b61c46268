import { createTransport, type Transporter } from 'nodemailer';

export type { Transporter as MailTransport } from 'nodemailer';

/**
 * The SMTP transport for SMTP_URL (`smtpEnvShape` in `@crm/config`), or null when it is unset: the
 * caller logs instead of mailing. `pooled` keeps a few connections open for many messages (a
 * campaign send); a sender of the odd message (a survey, a digest) opens one per message. Options
 * already in the URL's query win over the pool's defaults and over `timeoutMs`.
 */
export function smtpTransport(smtpUrl: string | undefined, opts: { pooled?: boolean; timeoutMs?: number } = {}): Transporter | null {
  if (!smtpUrl) return null;
  const url = opts.pooled ? pooledUrl(smtpUrl) : smtpUrl;
  if (opts.timeoutMs === undefined) return createTransport(url);
  // nodemailer waits up to 10 minutes on a silent relay; a sender holding a lock while it sends gives up sooner.
  const t = opts.timeoutMs;
  return createTransport({ url, connectionTimeout: t, greetingTimeout: t, socketTimeout: t });
}

/** nodemailer reads transport options from the URL's query: a pool of connections, each kept for many messages. */
function pooledUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '4');
  if (!url.searchParams.has('maxMessages')) url.searchParams.set('maxMessages', '10000');
  return url.toString();
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML content and double-quoted attributes: a served page's or a mail's HTML part. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
