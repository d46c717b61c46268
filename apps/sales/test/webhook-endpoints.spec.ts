import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, MISSING_ID } from './deals.test-helper';

const ENDPOINT = 'id url description eventTypes enabled';
const PUBLIC_URL = 'https://93.184.215.14/crm-hooks';

interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
}

/** Sales in production mode: the SSRF rules apply as they do in a deployment. */
describe('webhook endpoints (registered in sales, admins only)', () => {
  const sales = useTestSubgraph(salesSubgraph, {
    env: {
      NODE_ENV: 'production',
      API_KEY_SECRET: 'webhook-spec-api-key-secret-0123456789abcdef',
      WEBHOOK_SECRET: 'webhook-spec-webhook-secret-0123456789abcdef',
    },
  });
  const api = dealsApi(() => sales);
  const refused = (call: () => Promise<{ errors?: { extensions?: Record<string, unknown>; message: string }[] }>) =>
    api.refused(['webhook_endpoint'], call);
  const register = (i: Record<string, unknown>, gql = () => sales.gql) =>
    gql()<{ registerWebhookEndpoint: { secret: string; endpoint: Endpoint } }>(
      `mutation($i: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $i) { secret endpoint { ${ENDPOINT} } } }`,
      { i },
    );
  const setEnabled = (id: string, enabled: boolean) =>
    sales.gql<Record<string, Endpoint>>(
      `mutation($id: ID!) { ${enabled ? 'enableWebhookEndpoint' : 'disableWebhookEndpoint'}(id: $id) { ${ENDPOINT} } }`,
      { id },
    );
  const events = (type: string) =>
    sales.sql<{ data: Record<string, unknown> }>('SELECT data FROM outbox WHERE type = $1 ORDER BY seq', [type]);

  it('registers an endpoint for chosen event types, shows its signing secret once, and publishes it without the secret', async () => {
    const res = await register({ url: PUBLIC_URL, eventTypes: ['crm.sales.customer.created.v1', 'crm.sales.customer.updated.v2'] });
    expect(res.errors).toBeUndefined();
    const { secret, endpoint } = res.data!.registerWebhookEndpoint;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({
      url: PUBLIC_URL,
      enabled: true,
      eventTypes: ['crm.sales.customer.created.v1', 'crm.sales.customer.updated.v2'],
    });
    const [published] = await events('crm.sales.webhook-endpoint.registered.v1');
    expect(published!.data).toMatchObject({ endpointId: endpoint.id, url: PUBLIC_URL, enabled: true });
    expect(JSON.stringify(await sales.sql('SELECT * FROM webhook_endpoint'))).not.toContain(secret.slice(6));
    expect(JSON.stringify(published)).not.toContain(secret.slice(6));

    const listed = await sales.gql<{ webhookEndpoints: { edges: { node: Endpoint }[] } }>(
      `{ webhookEndpoints(first: 10) { edges { node { ${ENDPOINT} } } } }`,
    );
    expect(listed.data!.webhookEndpoints.edges.map((e) => e.node.id)).toContain(endpoint.id);
  });

  it('disables and re-enables an endpoint, publishing each change once', async () => {
    const { endpoint } = (await register({ url: PUBLIC_URL, eventTypes: ['crm.sales.contact.added.v1'] })).data!.registerWebhookEndpoint;
    expect((await setEnabled(endpoint.id, false)).data!.disableWebhookEndpoint!.enabled).toBe(false);
    expect((await setEnabled(endpoint.id, false)).data!.disableWebhookEndpoint!.enabled).toBe(false);
    expect((await setEnabled(endpoint.id, true)).data!.enableWebhookEndpoint!.enabled).toBe(true);
    const changes = (await events('crm.sales.webhook-endpoint.enabled-changed.v1')).filter((e) => e.data.endpointId === endpoint.id);
    expect(changes.map((e) => e.data.enabled)).toEqual([false, true]);
    expect((await refused(() => setEnabled(MISSING_ID, true))).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  describe('bad input: a clear error on the field, nothing written', () => {
    it.each([
      ['a loopback address', 'https://127.0.0.1:8443/hook', /resolves to 127\.0\.0\.1/],
      ['the IPv6 loopback', 'https://[::1]/hook', /private, loopback or reserved/],
      ['a private network', 'https://10.0.0.8/hook', /private, loopback or reserved/],
      ['the cloud metadata endpoint', 'https://169.254.169.254/latest/meta-data', /private, loopback or reserved/],
      ['localhost by name', 'https://localhost/hook', /private, loopback or reserved|does not resolve/],
      ['plain http', 'http://93.184.215.14/hook', /https/],
      ['credentials in the URL', 'https://me:pw@93.184.215.14/hook', /credentials/],
      ['not a URL', 'hooks', /absolute URL/],
    ])('refuses %s in production (SSRF)', async (_case, url, reason) => {
      const error = await refused(() => register({ url, eventTypes: ['crm.sales.customer.created.v1'] }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
      expect(error.message).toMatch(reason);
    });

    it.each([
      ['no event types', [], 'eventTypes'],
      ['an event type the contracts do not have', ['crm.sales.customer.exploded.v1'], 'eventTypes'],
    ])('refuses %s', async (_case, eventTypes, field) => {
      const error = await refused(() => register({ url: PUBLIC_URL, eventTypes }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });

    it('refuses an event type that is no longer published, naming the type that replaced it', async () => {
      const error = await refused(() =>
        register({ url: PUBLIC_URL, eventTypes: ['crm.sales.customer.created.v1', 'crm.service.case.updated.v1'] }),
      );
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'eventTypes' });
      expect(error.message).toContain('crm.service.case.updated.v2');
    });

    it('is for admins alone', async () => {
      const rep = () => sales.gqlAs({ roles: ['sales'], userId: 'b2000000-0000-4000-8000-000000000001' });
      await rep()('{ me { id } }');
      const error = await refused(() => register({ url: PUBLIC_URL, eventTypes: ['crm.sales.customer.created.v1'] }, rep));
      expect(error.extensions).toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
