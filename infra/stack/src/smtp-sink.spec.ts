import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTransport } from 'nodemailer';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

/** Opens a session, starts a message and resets the connection mid-DATA, as a killed sender does. */
async function dropMidMessage(port: number): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  const said: string[] = [];
  const next = (code: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (said.some((l) => l.startsWith(code)) ? resolve() : setTimeout(check, 5));
      socket.once('error', reject);
      check();
    });
  socket.on('data', (d: Buffer) => said.push(...d.toString('utf8').split('\r\n')));
  await next('220');
  socket.write('EHLO killed.test\r\n');
  await next('250');
  socket.write('MAIL FROM:<a@killed.test>\r\n');
  said.length = 0;
  await next('250');
  socket.write('RCPT TO:<b@killed.test>\r\n');
  said.length = 0;
  await next('250');
  socket.write('DATA\r\n');
  await next('354');
  socket.write('Subject: half\r\n\r\nhalf a mes');
  socket.resetAndDestroy();
}

describe('the development SMTP sink', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'crm-sink-spec-')) });
  });
  afterAll(() => sink.close());

  it('keeps serving after senders drop their connections mid-message, and stores only whole messages', async () => {
    await dropMidMessage(sink.port);
    await dropMidMessage(sink.port);
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.dropped()).toBe(2);

    const transport = createTransport({ url: sink.url, ignoreTLS: true });
    await transport.sendMail({ from: 'a@ok.test', to: 'b@ok.test', subject: 'Whole', text: 'all of it', messageId: '<whole@ok.test>' });
    transport.close();
    expect(sink.messages().map((m) => [m.to, m.subject])).toEqual([['b@ok.test', 'Whole']]);
    expect(sink.accepted()).toBe(1);
  });
});
