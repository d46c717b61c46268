import type { AddressInfo } from 'node:net';
import type { Identity } from '@crm/auth';
import express, { type Express } from 'express';
import type { AuthenticatedRequest } from './gateway-auth';
import { partnerInGoodStanding } from './partner-standing';

const PARTNER = '0b000000-0000-4000-8000-000000000001';

async function listen(app: Express) {
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

describe('partnerInGoodStanding', () => {
  /** What the fake partners subgraph answers next, and what it was asked. */
  let answer: { status: number; body: unknown; delayMs?: number };
  const asked: { authorization?: string; variables: unknown }[] = [];
  let partners: Awaited<ReturnType<typeof listen>>;
  let gateway: Awaited<ReturnType<typeof listen>>;

  const call = async (identity: Identity) => {
    const res = await fetch(gateway.url, { headers: { 'x-test-identity': JSON.stringify(identity) } });
    return { status: res.status, body: (await res.json()) as { ok?: true; errors?: { message: string; extensions: { code: string } }[] } };
  };
  const partner: Identity = { userId: 'u-1', roles: ['partner'], partnerId: PARTNER };

  beforeAll(async () => {
    partners = await listen(
      express()
        .use(express.json())
        .post('/graphql', (req, res) => {
          asked.push({ authorization: req.headers.authorization, variables: (req.body as { variables: unknown }).variables });
          setTimeout(() => void res.status(answer.status).json(answer.body), answer.delayMs ?? 0);
        }),
    );
    const app = express();
    app.use((req: AuthenticatedRequest, _res, next) => {
      req.identity = JSON.parse(String(req.headers['x-test-identity'])) as Identity;
      req.token = 'the-callers-token';
      next();
    });
    app.use(partnerInGoodStanding(`${partners.url}/graphql`, 300));
    app.use((_req, res) => void res.json({ ok: true }));
    gateway = await listen(app);
  });

  afterAll(async () => {
    await gateway?.close();
    await partners?.close();
  });

  beforeEach(() => (asked.length = 0));

  it.each(['PROSPECT', 'ACTIVE'])('lets a %s partner through, asking the partners subgraph with the caller’s own token', async (status) => {
    answer = { status: 200, body: { data: { partner: { status } } } };
    expect(await call(partner)).toEqual({ status: 200, body: { ok: true } });
    expect(asked).toEqual([{ authorization: 'Bearer the-callers-token', variables: { id: PARTNER } }]);
  });

  it('refuses a suspended partner with 403 FORBIDDEN', async () => {
    answer = { status: 200, body: { data: { partner: { status: 'SUSPENDED' } } } };
    const res = await call(partner);
    expect(res.status).toBe(403);
    expect(res.body.errors![0]).toMatchObject({ message: 'This partner is suspended', extensions: { code: 'FORBIDDEN' } });
  });

  it('refuses a token naming a partner the partners subgraph does not have', async () => {
    answer = { status: 200, body: { data: { partner: null } } };
    const res = await call(partner);
    expect(res.status).toBe(403);
    expect(res.body.errors![0]!.extensions.code).toBe('FORBIDDEN');
  });

  it.each([
    ['an error answer', { status: 500, body: { errors: [{ message: 'boom' }] } }],
    ['errors without data', { status: 200, body: { errors: [{ message: 'FORBIDDEN' }] } }],
    ['no answer in time', { status: 200, body: { data: { partner: { status: 'ACTIVE' } } }, delayMs: 1000 }],
  ])('fails closed with 503 on %s', async (_case, next) => {
    answer = next;
    const res = await call(partner);
    expect(res.status).toBe(503);
    expect(res.body.errors![0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('asks nothing for a caller that is no partner', async () => {
    answer = { status: 500, body: {} };
    expect(await call({ userId: 'staff', roles: ['sales'], partnerId: null })).toEqual({ status: 200, body: { ok: true } });
    expect(asked).toEqual([]);
  });
});
