import { LeadRoutedToPartners, type PayloadOf } from '@crm/contracts';
import { ADMIN, asPartner } from '@crm/testing';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { randomUUID } from 'node:crypto';
import { LeadOfferExpiryJob } from '../src/lead-distribution/lead-offer-expiry.job';
import { partnersSubgraph } from '../src/partners.subgraph';

const RULE = `mutation($i: CreateLeadDistributionRuleInput!) { createLeadDistributionRule(input: $i) { id priority territory minimumTier productId capacity acceptWithinSeconds active } }`;
const OFFER_FIELDS = 'id leadId partnerId status company country productId offeredAt expiresAt decidedAt declineReason';
const ACCEPT = `mutation($i: AcceptLeadOfferInput!) { acceptLeadOffer(input: $i) { ${OFFER_FIELDS} } }`;
const DECLINE = `mutation($i: DeclineLeadOfferInput!) { declineLeadOffer(input: $i) { ${OFFER_FIELDS} } }`;
const BY_ID = `query($id: ID!) { leadOffer(id: $id) { ${OFFER_FIELDS} } }`;
const LIST = `query { leadOffers(first: 100) { edges { node { id leadId status } } } }`;
const REOFFER = `mutation($i: ReofferLeadInput!) { reofferLead(input: $i) { ${OFFER_FIELDS} } }`;
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on LeadOffer { id status } } }';

interface Offer {
  id: string;
  leadId: string;
  partnerId: string;
  status: string;
}

/**
 * Lead distribution through GraphQL and the broker: marketing's routing event in, one offer at a
 * time out, by the rules; each test works in its own country so the rules of one do not reach
 * the leads of another.
 */
describe('partners subgraph: lead distribution', () => {
  // The expiry job is run by hand, at the time each test needs.
  const sub = useTestSubgraph(partnersSubgraph, { poolSize: 2, env: { LEAD_OFFER_EXPIRY_ENABLED: 'false' } });
  const { events } = sub;
  let job: LeadOfferExpiryJob;

  const ok = async <T>(res: Promise<{ data?: T | null; errors?: unknown }>): Promise<T> => {
    const r = await res;
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const rule = (i: Record<string, unknown>) =>
    ok(
      sub.gql<{ createLeadDistributionRule: { id: string } }>(RULE, {
        i: { name: 'rule', priority: 10, capacity: 5, acceptWithinSeconds: 3600, ...i },
      }),
    );
  /** An ACTIVE partner of the tier, covering the territory. */
  const partner = async (territory: string[], tier = 'SILVER', status = 'ACTIVE'): Promise<string> => {
    const { id } = await sub.ctx.newPartner({ territory, tier });
    await ok(sub.gql('mutation($i: UpdatePartnerInput!) { updatePartner(input: $i) { id } }', { i: { id, status } }));
    return id;
  };
  const offersOf = (leadId: string) =>
    sub.sql<{ id: string; partner_id: string; status: string }>(
      `SELECT id, partner_id, status FROM lead_offer WHERE lead_id = $1 ORDER BY offered_at, id`,
      [leadId],
    );
  const leadStatus = async (leadId: string) =>
    (await sub.sql<{ status: string }>('SELECT status FROM distributed_lead WHERE lead_id = $1', [leadId]))[0]?.status;
  /** Routes a lead as marketing does and waits until partners has decided its first partner (or none). */
  const route = async (d: Partial<PayloadOf<typeof LeadRoutedToPartners>>): Promise<string> => {
    const leadId = randomUUID();
    await events.send(LeadRoutedToPartners, {
      leadId,
      customerId: null,
      company: 'Initech',
      country: null,
      region: null,
      productId: null,
      industry: 'Software',
      employeeCount: 40,
      routedBy: null,
      routedAt: new Date().toISOString(),
      ...d,
    });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const status = await leadStatus(leadId);
      if (status && status !== 'ROUTING') return leadId;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`lead ${leadId} was not distributed`);
  };
  const pendingOf = async (leadId: string) => (await offersOf(leadId)).find((o) => o.status === 'PENDING');
  const outboxTypes = (leadId: string) =>
    sub
      .sql<{ type: string }>(`SELECT type FROM outbox WHERE data->>'leadId' = $1 ORDER BY seq`, [leadId])
      .then((rows) => rows.map((r) => r.type.replace('crm.partners.lead-offer.', '').replace('.v1', '')));

  beforeAll(async () => {
    job = sub.app.get(LeadOfferExpiryJob);
  });

  it('chooses by rule: territory by country or region, minimum tier, ACTIVE only, product, priority, then round-robin', async () => {
    const productId = sub.customers.addProduct();
    const silverDe = await partner(['DE']);
    const goldEmea = await partner(['EMEA'], 'GOLD');
    await partner(['DE'], 'PLATINUM', 'SUSPENDED');
    await partner(['DE'], 'REGISTERED');
    await partner(['FR'], 'PLATINUM');
    await rule({ territory: ['DE'], minimumTier: 'SILVER', priority: 20 });
    // A product rule tried first, for GOLD and up only.
    await rule({ territory: ['DE'], minimumTier: 'GOLD', productId, priority: 5 });

    // The product's lead goes to the only GOLD partner covering Germany (by its region).
    const productLead = await route({ country: 'DE', region: 'EMEA', productId });
    expect((await pendingOf(productLead))?.partner_id).toBe(goldEmea);

    // Without a region, only the partner naming the country covers it; the others are the wrong tier, suspended or elsewhere.
    const byCountry = await route({ country: 'DE' });
    expect((await pendingOf(byCountry))?.partner_id).toBe(silverDe);

    // Round-robin: the eligible partner offered a lead longest ago goes next.
    const [first, second] = [await route({ country: 'DE', region: 'EMEA' }), await route({ country: 'DE', region: 'EMEA' })];
    const chosen = [(await pendingOf(first))?.partner_id, (await pendingOf(second))?.partner_id];
    expect(chosen[0]).toBe(goldEmea);
    expect(chosen[1]).toBe(silverDe);

    // A lead nobody covers waits for the channel team, offered to no one.
    const nowhere = await route({ country: 'JP' });
    expect(await leadStatus(nowhere)).toBe('UNASSIGNED');
    expect(await offersOf(nowhere)).toEqual([]);
  });

  it('skips a partner at capacity', async () => {
    const full = await partner(['IT']);
    await rule({ territory: ['IT'], capacity: 1 });
    const first = await route({ country: 'IT' });
    expect((await pendingOf(first))?.partner_id).toBe(full);
    const second = await route({ country: 'IT' });
    expect(await leadStatus(second)).toBe('UNASSIGNED');
  });

  it('moves an offer not answered in time to the next partner, once, and tells both sides', async () => {
    const [a, b] = [await partner(['ES']), await partner(['ES'])];
    await rule({ territory: ['ES'], acceptWithinSeconds: 60 });
    const leadId = await route({ country: 'ES' });
    const firstOffer = (await pendingOf(leadId))!;

    // Not yet due: nothing moves.
    expect(await job.runOnce(new Date(Date.now() + 30_000))).toBe(0);
    const later = new Date(Date.now() + 61_000);
    expect(await job.runOnce(later)).toBe(1);
    const offers = await offersOf(leadId);
    expect(offers.map((o) => [o.partner_id, o.status])).toEqual([
      [firstOffer.partner_id, 'EXPIRED'],
      [firstOffer.partner_id === a ? b : a, 'PENDING'],
    ]);
    // Idempotent: the same run again expires nothing.
    expect(await job.runOnce(later)).toBe(0);
    expect(await outboxTypes(leadId)).toEqual(['offered', 'expired', 'offered']);

    // An answer after the time ran out is refused on id, naming why.
    const late = await sub.gqlAs(asPartner(firstOffer.partner_id))(ACCEPT, { i: { id: firstOffer.id } });
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('never offers a declined lead to the same partner again, and leaves it unassigned when no one is left', async () => {
    const [a, b] = [await partner(['PT']), await partner(['PT'])];
    await rule({ territory: ['PT'] });
    const leadId = await route({ country: 'PT' });
    for (let i = 0; i < 2; i++) {
      const offer = (await pendingOf(leadId))!;
      const res = await ok(
        sub.gqlAs(asPartner(offer.partner_id))<{ declineLeadOffer: Offer }>(DECLINE, { i: { id: offer.id, reason: 'not our market' } }),
      );
      expect(res.declineLeadOffer.status).toBe('DECLINED');
    }
    const offers = await offersOf(leadId);
    expect(offers.map((o) => o.status)).toEqual(['DECLINED', 'DECLINED']);
    expect(new Set(offers.map((o) => o.partner_id))).toEqual(new Set([a, b]));
    expect(await leadStatus(leadId)).toBe('UNASSIGNED');
    // A decided offer cannot be decided again.
    const again = await sub.gqlAs(asPartner(a))(ACCEPT, { i: { id: offers.find((o) => o.partner_id === a)!.id } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(again.errors?.[0]?.message).toMatch(/DECLINED/);
  });

  it('lets only the partner offered the lead see and accept it; another answers as missing, writing nothing', async () => {
    const a = await partner(['NL']);
    const b = await partner(['BE']);
    await rule({ territory: ['NL'] });
    const leadId = await route({ country: 'NL' });
    const offer = (await pendingOf(leadId))!;
    expect(offer.partner_id).toBe(a);

    const asB = sub.gqlAs(asPartner(b));
    const missing = await asB(BY_ID, { id: randomUUID() });
    expect(await asB(BY_ID, { id: offer.id })).toEqual(missing);
    expect(missing).toEqual({ data: { leadOffer: null } });
    expect((await ok(asB<{ leadOffers: { edges: unknown[] } }>(LIST))).leadOffers.edges).toEqual([]);
    expect(await asB(ENTITIES, { r: [{ __typename: 'LeadOffer', id: offer.id }] })).toEqual({ data: { _entities: [null] } });
    const stolen = await asB(ACCEPT, { i: { id: offer.id } });
    expect(stolen.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect((await pendingOf(leadId))?.id).toBe(offer.id);

    const asA = sub.gqlAs(asPartner(a));
    const accepted = await ok(asA<{ acceptLeadOffer: Offer }>(ACCEPT, { i: { id: offer.id } }));
    expect(accepted.acceptLeadOffer).toMatchObject({ id: offer.id, leadId, partnerId: a, status: 'ACCEPTED' });
    expect(await leadStatus(leadId)).toBe('ACCEPTED');
    const [event] = await sub.sql<{ data: Record<string, unknown> }>(
      `SELECT data FROM outbox WHERE type = 'crm.partners.lead-offer.accepted.v1' AND data->>'leadId' = $1`,
      [leadId],
    );
    expect(event?.data).toMatchObject({ offerId: offer.id, leadId, partnerId: a, company: 'Initech' });
  });

  it('offers an UNASSIGNED lead again when a new rule takes it, or by hand once a partner can, never to one offered it before', async () => {
    const first = await partner(['NO']);
    const leadId = await route({ country: 'NO' });
    expect(await leadStatus(leadId)).toBe('UNASSIGNED');
    const written = async () => (await sub.count('lead_offer')) + (await sub.count('outbox'));

    // By hand, with no rule taking it: refused on leadId, nothing written.
    const before = await written();
    const none = await sub.gql(REOFFER, { i: { leadId } });
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leadId' });
    expect(none.errors?.[0]?.message).toMatch(/no partner/);
    expect(await written()).toBe(before);
    expect(await leadStatus(leadId)).toBe('UNASSIGNED');

    // A new rule that takes Norway offers it at once.
    await rule({ territory: ['NO'] });
    expect((await pendingOf(leadId))?.partner_id).toBe(first);
    expect(await outboxTypes(leadId)).toEqual(['offered']);
    const offered = await sub.gql(REOFFER, { i: { leadId } });
    expect(offered.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leadId' });
    expect(offered.errors?.[0]?.message).toMatch(/OFFERED/);

    // Declined by the only partner: UNASSIGNED again; a partner added later gets it by hand.
    await ok(sub.gqlAs(asPartner(first))(DECLINE, { i: { id: (await pendingOf(leadId))!.id } }));
    expect(await leadStatus(leadId)).toBe('UNASSIGNED');
    const second = await partner(['NO']);
    const again = await ok(sub.gql<{ reofferLead: Offer }>(REOFFER, { i: { leadId } }));
    expect(again.reofferLead).toMatchObject({ leadId, partnerId: second, status: 'PENDING' });
    expect(await leadStatus(leadId)).toBe('OFFERED');
    expect((await offersOf(leadId)).map((o) => [o.partner_id, o.status])).toEqual([
      [first, 'DECLINED'],
      [second, 'PENDING'],
    ]);

    // Unknown leads are NOT_FOUND, and partners may not re-offer at all.
    const unknown = await sub.gql(REOFFER, { i: { leadId: randomUUID() } });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    const byPartner = await sub.gqlAs(asPartner(second))(REOFFER, { i: { leadId } });
    expect(byPartner.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("counts the partner's offers in its scorecard: accepted, declined, expired, the acceptance rate and the time to accept", async () => {
    const x = await partner(['SE']);
    await rule({ territory: ['SE'], acceptWithinSeconds: 60 });
    const [taken, refused, ignored, waiting] = [
      await route({ country: 'SE' }),
      await route({ country: 'SE' }),
      await route({ country: 'SE' }),
      await route({ country: 'SE' }),
    ];
    const asX = sub.gqlAs(asPartner(x));
    const accepted = await ok(
      asX<{ acceptLeadOffer: Offer & { offeredAt: string; decidedAt: string } }>(ACCEPT, { i: { id: (await pendingOf(taken))!.id } }),
    );
    await ok(asX(DECLINE, { i: { id: (await pendingOf(refused))!.id } }));
    // The third runs out; the fourth is still PENDING when the scorecard is read, so only three count as answered.
    const [lapsing] = await sub.sql<{ id: string; expires_at: Date }>(`SELECT id, expires_at FROM lead_offer WHERE lead_id = $1`, [
      ignored,
    ]);
    await job.runOnce(new Date(lapsing!.expires_at.getTime() + 1));
    expect((await offersOf(waiting)).map((o) => o.status)).toEqual(['PENDING']);

    const { offeredAt, decidedAt } = accepted.acceptLeadOffer;
    const card = await asX<{ partnerScorecard: Record<string, unknown> }>(
      `query($p: ID!) { partnerScorecard(partnerId: $p) { leadOffers leadOffersAccepted leadOffersDeclined leadOffersExpired
        leadAcceptanceRate averageSecondsToAccept } }`,
      { p: x },
    );
    expect(card.data!.partnerScorecard).toEqual({
      leadOffers: 4,
      leadOffersAccepted: 1,
      leadOffersDeclined: 1,
      leadOffersExpired: 1,
      leadAcceptanceRate: '0.3333',
      averageSecondsToAccept: (Date.parse(decidedAt) - Date.parse(offeredAt)) / 1000,
    });
  });

  it('publishes a rule added and each turn off or on, with who did it; setting the state it has publishes nothing', async () => {
    const { createLeadDistributionRule: created } = await rule({ name: 'Published', territory: ['IS'] });
    const SET = 'mutation($i: SetLeadDistributionRuleActiveInput!) { setLeadDistributionRuleActive(input: $i) { id active } }';
    for (const active of [false, false, true]) await ok(sub.gql(SET, { i: { id: created.id, active } }));
    const published = await sub.sql<{ type: string; data: Record<string, unknown> }>(
      `SELECT type, data FROM outbox WHERE type LIKE 'crm.partners.lead-distribution-rule.%' AND data->>'ruleId' = $1 ORDER BY seq`,
      [created.id],
    );
    expect(published).toEqual([
      {
        type: 'crm.partners.lead-distribution-rule.created.v1',
        data: {
          ruleId: created.id,
          name: 'Published',
          priority: 10,
          territory: ['IS'],
          minimumTier: 'REGISTERED',
          productId: null,
          capacity: 5,
          acceptWithinSeconds: 3600,
          active: true,
          createdBy: ADMIN.userId,
          createdAt: expect.any(String),
        },
      },
      ...[false, true].map((active) => ({
        type: 'crm.partners.lead-distribution-rule.active-changed.v1',
        data: { ruleId: created.id, name: 'Published', active, changedBy: ADMIN.userId, changedAt: expect.any(String) },
      })),
    ]);
  });

  it('refuses bad rules naming the field, writing nothing', async () => {
    const before = await sub.count('lead_distribution_rule');
    for (const [input, field] of [
      [{ capacity: 0 }, 'capacity'],
      [{ acceptWithinSeconds: 0 }, 'acceptWithinSeconds'],
      [{ territory: ['XX'] }, 'territory'],
      [{ productId: randomUUID() }, 'productId'],
    ] as const) {
      const res = await sub.gql(RULE, { i: { name: 'bad', priority: 1, capacity: 1, acceptWithinSeconds: 60, ...input } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ field });
    }
    expect(await sub.count('lead_distribution_rule')).toBe(before);
  });
});
