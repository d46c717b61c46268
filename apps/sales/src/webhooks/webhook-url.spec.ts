import { InvalidError, isPublicAddress } from '@crm/domain';
import { checkWebhookUrl } from './webhook-url';

const production = (addresses: Record<string, string[]>) => ({
  production: true,
  resolve: (host: string) => (addresses[host] ? Promise.resolve(addresses[host]) : Promise.reject(new Error('ENOTFOUND'))),
});

async function refusal(url: string, opts: Parameters<typeof checkWebhookUrl>[1]): Promise<InvalidError> {
  const e = await checkWebhookUrl(url, opts).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InvalidError);
  expect((e as InvalidError).field).toBe('url');
  return e as InvalidError;
}

describe('webhook URLs (SSRF)', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
  ])('counts %s as not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'])('counts %s as public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('accepts an https URL whose host resolves only to public addresses', async () => {
    const url = await checkWebhookUrl(
      'https://hooks.example.com/crm',
      production({ 'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] }),
    );
    expect(url.href).toBe('https://hooks.example.com/crm');
  });

  it.each([
    ['a loopback literal', 'https://127.0.0.1/hook', {}],
    ['an IPv6 loopback literal', 'https://[::1]/hook', {}],
    ['an IPv4-mapped loopback', 'https://[::ffff:7f00:1]/hook', {}],
    ['the metadata endpoint', 'https://169.254.169.254/latest', {}],
    ['a name for a private address', 'https://intranet.example.com/hook', { 'intranet.example.com': ['10.0.0.7'] }],
    [
      'a name with one private address among public ones',
      'https://mixed.example.com/',
      { 'mixed.example.com': ['93.184.215.14', '192.168.0.2'] },
    ],
  ])('refuses %s in production, naming the address', async (_case, url, dns) => {
    expect((await refusal(url, production(dns))).reason).toMatch(/private, loopback or reserved address/);
  });

  it.each([
    ['plain http', 'http://hooks.example.com/', /https/],
    ['a host that does not resolve', 'https://nowhere.example.com/', /does not resolve/],
    ['credentials in the URL', 'https://user:pw@hooks.example.com/', /credentials/],
    ['not a URL', 'hooks.example.com', /absolute URL/],
    ['another scheme', 'ftp://hooks.example.com/', /https/],
  ])('refuses %s', async (_case, url, reason) => {
    expect((await refusal(url, production({ 'hooks.example.com': ['93.184.215.14'] }))).reason).toMatch(reason);
  });

  it('allows a local receiver outside production, without resolving anything', async () => {
    const resolve = jest.fn();
    expect((await checkWebhookUrl('http://127.0.0.1:8123/hook', { production: false, resolve })).port).toBe('8123');
    expect(resolve).not.toHaveBeenCalled();
  });
});
