import { DEFAULT_PARTNER_OPERATIONS_FILE } from '../src/gateway.server';
import { loadSafelist } from '../src/persisted-operations';
import { ADMIN, asPartner, graphqlClient, testToken, type Gql, type GqlResponse, type TestStack } from '@crm/testing';
import { sharedStack } from './shared-stack';

/** The portal's own-profile operation, sent by hash as portals do. */
const SELF = [...loadSafelist(DEFAULT_PARTNER_OPERATIONS_FILE)].find(([, doc]) => doc.startsWith('query PartnerSelf('))!;

/** A suspended partner's tokens are refused from the first request after the suspension commits, and served again once it is lifted. */
describe('partner suspension through the gateway', () => {
  let stack: TestStack;
  let admin: Gql;
  let partnerId: string;

  const asPartnerUser = async () => {
    const res = await fetch(stack.partnerGatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await testToken(asPartner(partnerId))}` },
      body: JSON.stringify({ variables: { id: partnerId }, extensions: { persistedQuery: { version: 1, sha256Hash: SELF[0] } } }),
    });
    return { status: res.status, body: (await res.json()) as GqlResponse<{ partner: { id: string } | null }> };
  };
  const setStatus = async (status: string) => {
    const res = await admin<{ updatePartner: { status: string } }>(
      'mutation($i: UpdatePartnerInput!) { updatePartner(input: $i) { status } }',
      { i: { id: partnerId, status } },
    );
    expect(res.data).toEqual({ updatePartner: { status } });
  };

  beforeAll(async () => {
    stack = await sharedStack();
    admin = graphqlClient(stack.gatewayUrl, ADMIN);
    partnerId = (await stack.ctx.newPartner({ name: `Suspendable ${Date.now()}` })).id;
    // The whole stack, as separate processes, on a machine that may be busy.
  }, 300_000);

  it('answers FORBIDDEN on the very next request after the suspension, and serves the partner again once reactivated', async () => {
    await setStatus('ACTIVE');
    expect(await asPartnerUser()).toEqual({ status: 200, body: { data: { partner: expect.objectContaining({ id: partnerId }) } } });

    await setStatus('SUSPENDED');
    const refused = await asPartnerUser();
    expect(refused.status).toBe(403);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors![0]).toMatchObject({ message: 'This partner is suspended', extensions: { code: 'FORBIDDEN' } });

    await setStatus('ACTIVE');
    expect((await asPartnerUser()).status).toBe(200);
  });

  it('refuses a token whose partner does not exist', async () => {
    const res = await fetch(stack.partnerGatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await testToken(asPartner('00000000-0000-4000-8000-00000000dead'))}`,
      },
      body: JSON.stringify({ variables: { id: partnerId }, extensions: { persistedQuery: { version: 1, sha256Hash: SELF[0] } } }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as GqlResponse<unknown>).errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
