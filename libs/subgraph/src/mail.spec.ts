import * as net from 'node:net';
import { escapeHtml, smtpTransport } from './mail';

describe('smtpTransport', () => {
  it('is null without a relay', () => {
    expect(smtpTransport(undefined)).toBeNull();
  });

  it('gives up on a relay that accepts the connection and never greets, after timeoutMs', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, { timeoutMs: 300 })!;
    try {
      await expect(transport.sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' })).rejects.toThrow(
        'Greeting never received',
      );
    } finally {
      transport.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
    // nodemailer's own greeting wait is 30 s: without timeoutMs this test runs out of time.
  }, 10_000);
});

describe('escapeHtml', () => {
  it('escapes markup and both quotes', () => {
    expect(escapeHtml(`<script>alert("x" + 'y')</script> & co`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;)&lt;/script&gt; &amp; co',
    );
  });
});
