import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { SMTPServer } from 'smtp-server';

/** One message the sink holds: its headers (lowercased names) and the raw text. */
export interface SinkMessage {
  file: string;
  messageId: string;
  to: string;
  subject: string;
  raw: string;
}

export interface SmtpSink {
  port: number;
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  dir: string;
  /** Messages accepted over SMTP, counting a re-sent Message-ID again. */
  accepted(): number;
  /** Client connections that failed mid-session (a sender killed mid-message). */
  dropped(): number;
  /** The stored messages: one per Message-ID. */
  messages(): SinkMessage[];
  close(): Promise<void>;
}

const headerOf = (raw: string, name: string): string => {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const match = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return match ? match[1]!.replace(/\r?\n[ \t]+/g, ' ').trim() : '';
};

/**
 * A local SMTP server for development and tests: it accepts anything (no TLS, any login) and
 * writes each message to `<dir>/<Message-ID>.eml`. A message sent again with the same Message-ID
 * (a campaign send resumed after a crash) lands on the same file, as a mailbox that deduplicates
 * by Message-ID shows it once.
 */
export async function startSmtpSink(opts: { dir: string; port?: number; host?: string }): Promise<SmtpSink> {
  fs.mkdirSync(opts.dir, { recursive: true });
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const id = headerOf(raw, 'Message-ID').replace(/[<>]/g, '') || `no-id-${Date.now()}-${accepted}`;
        fs.writeFile(path.join(opts.dir, `${id.replace(/[^A-Za-z0-9@._-]/g, '_')}.eml`), raw, (err) => {
          if (!err) accepted++;
          callback(err ?? null);
        });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // smtp-server emits a client's dropped connection (ECONNRESET from a sender killed mid-message)
  // as the server's 'error'. With no listener that error would end this process: the launcher
  // of `npm start`, or a test that kills a sender on purpose. The client's failure is its own;
  // the sink counts it and keeps serving.
  let dropped = 0;
  server.on('error', () => {
    dropped++;
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    dir: opts.dir,
    accepted: () => accepted,
    dropped: () => dropped,
    messages: () =>
      fs
        .readdirSync(opts.dir)
        .filter((f) => f.endsWith('.eml'))
        .map((f) => {
          const raw = fs.readFileSync(path.join(opts.dir, f), 'utf8');
          return {
            file: path.join(opts.dir, f),
            messageId: headerOf(raw, 'Message-ID'),
            to: headerOf(raw, 'To'),
            subject: headerOf(raw, 'Subject'),
            raw,
          };
        }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The decoded text of a quoted-printable MIME part (how nodemailer encodes long HTML lines). */
export function decodeQuotedPrintable(s: string): string {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
