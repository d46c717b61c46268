import { LeadOfferAccepted } from '@crm/contracts';
import { asPartner } from '@crm/testing';
import { itScopesToPartner, useTestSubgraph } from '@crm/subgraph-testing';
import { randomUUID } from 'node:crypto';
import { marketingSubgraph } from '../src/marketing.subgraph';

const ROUTE = `mutation($i: RouteLeadToPartnersInput!) { routeLeadToPartners(input: $i) { id name email country region productId partnerId routedAt acceptedAt } }`;
const BY_ID = `query($id: ID!) { partnerLead(id: $id) { id name email company partnerId acceptedAt } }`;

interface Routed {
  id: string;
  partnerId: string | null;
  region: string | null;
}

/**
 * Marketing's side of lead distribution: a qualified lead is routed with an event for partners,
 * and the partner that accepted it (partners' event) reads it here, and no other partner does.
 */
describe('marketing subgraph: routing leads to partners', () => {
  const sub = useTestSubgraph(marketingSubgraph, { poolSize: 2 });
  const { events } = sub;
  let seq = 0;
  const partners = { a: randomUUID(), b: randomUUID() };
  const accepted: Record<'a' | 'b', string[]> = { a: [], b: [] };
  let notAccepted: string;

  /** A lead in `status` (QUALIFIED unless told), in `country` unless null. */
  const lead = async (status = 'QUALIFIED', country: string | null = 'DE'): Promise<string> => {
    const n = ++seq;
    const captured = await sub.gql<{ captureLead: { id: string } }>('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
      i: { email: `routed${n}@routed-${n}.test`, name: `Routed ${n}`, company: `Routed ${n} GmbH`, source: 'WEB_FORM' },
    });
    const id = captured.data!.captureLead.id;
    if (country) await sub.gql('mutation($i: UpdateLeadInput!) { updateLead(input: $i) { id } }', { i: { id, country } });
    if (status !== 'NEW') {
      const moved = await sub.gql('mutation($i: ChangeLeadStatusInput!) { changeLeadStatus(input: $i) { id } }', {
        i: { leadId: id, status },
      });
      if (moved.errors) throw new Error(JSON.stringify(moved.errors));
    }
    return id;
  };
  const route = (i: Record<string, unknown>) => sub.gql<{ routeLeadToPartners: Routed }>(ROUTE, { i });
  /** Partners' acceptance, as its event arrives; waits until marketing applied it. */
  const accept = async (leadId: string, partnerId: string) => {
    await events.send(LeadOfferAccepted, {
      offerId: randomUUID(),
      leadId,
      partnerId,
      customerId: null,
      company: null,
      acceptedBy: null,
      acceptedAt: new Date().toISOString(),
    });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const [row] = await sub.sql<{ partner_id: string | null }>('SELECT partner_id FROM partner_lead WHERE lead_id = $1', [leadId]);
      if (row?.partner_id) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`acceptance of ${leadId} was not applied`);
  };
  const written = async () => (await sub.count('partner_lead')) + (await sub.count('outbox'));

  beforeAll(async () => {
    for (const who of ['a', 'b'] as const) {
      for (let i = 0; i < 2; i++) {
        const id = await lead();
        await route({ leadId: id });
        await accept(id, partners[who]);
        accepted[who].push(id);
      }
    }
    notAccepted = await lead();
    await route({ leadId: notAccepted, region: 'emea' });
  });

  it('routes a qualified lead once, with what the rules need and not the person’s contact details', async () => {
    const productId = randomUUID();
    const id = await lead();
    const res = await route({ leadId: id, region: 'EMEA', productId });
    expect(res.data!.routeLeadToPartners).toMatchObject({ id, country: 'DE', region: 'EMEA', productId, partnerId: null });
    const [event] = await sub.sql<{ data: Record<string, unknown> }>(
      `SELECT data FROM outbox WHERE type = 'crm.marketing.lead-distribution.routed.v1' AND data->>'leadId' = $1`,
      [id],
    );
    expect(event!.data).toMatchObject({
      leadId: id,
      country: 'DE',
      region: 'EMEA',
      productId,
      company: expect.stringMatching(/GmbH$/) as unknown,
    });
    expect(JSON.stringify(event!.data)).not.toMatch(/@/);

    const before = await written();
    const again = await route({ leadId: id });
    expect(again.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'leadId' });
    expect(again.errors![0]!.message).toMatch(/already routed/);
    expect(await written()).toBe(before);
  });

  it('refuses a lead that is not QUALIFIED, one without country or region, and an unknown one, each naming the field, writing nothing', async () => {
    const [newLead, countryless] = [await lead('NEW'), await lead('QUALIFIED', null)];
    const before = await written();
    const fresh = await route({ leadId: newLead });
    expect(fresh.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'leadId' });
    expect(fresh.errors![0]!.message).toMatch(/NEW; only a QUALIFIED lead/);
    const nowhere = await route({ leadId: countryless });
    expect(nowhere.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'region' });
    expect((await route({ leadId: randomUUID() })).errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    expect((await route({ leadId: notAccepted, region: 'MARS' })).errors![0]!.extensions).toMatchObject({ field: 'region' });
    expect(await written()).toBe(before);
  });

  it('gives a lead to the partner that accepted it, whose token then reads the person', async () => {
    const [id] = accepted.a;
    const res = await sub.gqlAs(asPartner(partners.a))<{ partnerLead: { id: string; email: string; partnerId: string } }>(BY_ID, { id });
    expect(res.data!.partnerLead).toMatchObject({ id, partnerId: partners.a, email: expect.stringMatching(/@routed-/) as unknown });
    // Staff see every routed lead, accepted or not.
    expect(
      (await sub.gql<{ partnerLead: { partnerId: string | null } }>(BY_ID, { id: notAccepted })).data!.partnerLead.partnerId,
    ).toBeNull();
  });

  itScopesToPartner({
    subgraph: () => sub,
    typename: 'PartnerLead',
    byId: 'partnerLead',
    list: 'partnerLeads',
    tables: [{ table: 'partner_lead', column: 'partner_id' }],
    rows: () => ({
      a: { partnerId: partners.a, ids: accepted.a },
      b: { partnerId: partners.b, ids: accepted.b },
      internal: [notAccepted],
    }),
  });
});
