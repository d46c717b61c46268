import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { CustomerCreated, CustomerMerged, CustomerUpdated, CustomerUpdatedV2, LeadRoutedToPartners } from '@crm/contracts';
import { asPartner } from '@crm/testing';
import { customerSnapshot, itScopesToPartner, startEventSender, useTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import { partnersSubgraph } from '../src/partners.subgraph';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

interface PartnerView {
  id: string;
  name: string;
  customerLinks: { customerId: string }[];
}

/** Partner scoping on every path, with a pool of two connections shared by every caller. */
describe('partners subgraph: partner scoping', () => {
  const sub = useTestSubgraph(partnersSubgraph, { poolSize: 2 });
  let a: Pick<PartnerView, 'id' | 'name'>;
  let b: Pick<PartnerView, 'id' | 'name'>;
  const customersOf = { a: [uuid(1), uuid(2), uuid(3)], b: [uuid(2), uuid(4)] };
  const registrations: { a: string[]; b: string[] } = { a: [], b: [] };
  const offers: { a: string[]; b: string[] } = { a: [], b: [] };
  const leads = { a: [randomUUID(), randomUUID()], b: [randomUUID()] };
  const REGISTER = 'mutation($i: RegisterDealInput!) { registerDeal(input: $i) { id } }';

  const asA = () => sub.gqlAs(asPartner(a.id));
  const asB = () => sub.gqlAs(asPartner(b.id));
  const PARTNER = 'query($id: ID!) { partner(id: $id) { id name customerLinks { customerId } } }';
  const LIST = 'query { partners(first: 100) { edges { node { id customerLinks { customerId } } } } }';

  const { asApp } = sub;

  beforeAll(async () => {
    a = await sub.ctx.newPartner({ name: 'Scoped A' });
    b = await sub.ctx.newPartner({ name: 'Scoped B' });
    for (const [p, ids] of [
      [a, customersOf.a],
      [b, customersOf.b],
    ] as const) {
      for (const customerId of ids) {
        await sub.gql('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }', {
          i: { partnerId: p.id, customerId: sub.customers.add(customerId) },
        });
      }
      await sub.gql('mutation($i: AddPartnerUserInput!) { addPartnerUser(input: $i) { id } }', {
        i: { partnerId: p.id, userId: randomUUID(), name: `User of ${p.name}`, email: `user@${p === a ? 'a' : 'b'}.example` },
      });
    }
    for (const [rows, as, n] of [
      [registrations.a, asA, 2],
      [registrations.b, asB, 1],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const res = await as()<{ registerDeal: { id: string } }>(REGISTER, {
          i: {
            companyName: 'Scoped deal',
            domain: `scoped-${rows.length}-${n}.example`,
            contactName: 'Contact',
            contactEmail: 'contact@scoped.example',
            productInterest: 'CRM',
            estimatedAmount: { amount: '100', currency: 'EUR' },
            expectedClose: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
          },
        });
        rows.push(res.data!.registerDeal.id);
      }
    }

    // Leads offered as marketing routes them: two Danish ones to A, a Finnish one to B.
    for (const [p, country] of [
      [a, 'DK'],
      [b, 'FI'],
    ] as const) {
      await sub.gql('mutation($i: UpdatePartnerInput!) { updatePartner(input: $i) { id } }', {
        i: { id: p.id, status: 'ACTIVE', territory: [country] },
      });
      await sub.gql('mutation($i: CreateLeadDistributionRuleInput!) { createLeadDistributionRule(input: $i) { id } }', {
        i: { name: country, priority: 1, territory: [country], capacity: 10, acceptWithinSeconds: 3600 },
      });
    }
    const events = await startEventSender(sub.brokers);
    try {
      for (const [who, country] of [
        ['a', 'DK'],
        ['b', 'FI'],
      ] as const) {
        for (const leadId of leads[who]) {
          await events.send(LeadRoutedToPartners, {
            leadId,
            customerId: null,
            company: `Lead for ${who}`,
            country,
            region: null,
            productId: null,
            industry: null,
            employeeCount: null,
            routedBy: null,
            routedAt: new Date().toISOString(),
          });
        }
      }
    } finally {
      await events.close();
    }
    const deadline = Date.now() + 15_000;
    for (;;) {
      const rows = await sub.sql<{ id: string; partner_id: string }>(
        'SELECT id, partner_id FROM lead_offer WHERE lead_id = ANY($1::uuid[])',
        [[...leads.a, ...leads.b]],
      );
      if (rows.length === 3) {
        offers.a = rows.filter((r) => r.partner_id === a.id).map((r) => r.id);
        offers.b = rows.filter((r) => r.partner_id === b.id).map((r) => r.id);
        break;
      }
      if (Date.now() > deadline) throw new Error(`leads not offered: ${JSON.stringify(rows)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect([offers.a.length, offers.b.length]).toEqual([2, 1]);
  });

  itScopesToPartner({
    subgraph: () => sub,
    typename: 'Partner',
    byId: 'partner',
    list: 'partners',
    tables: [
      { table: 'partner', column: 'id' },
      { table: 'partner_customer_link', column: 'partner_id' },
      { table: 'partner_user', column: 'partner_id' },
    ],
    rows: () => ({ a: { partnerId: a.id, ids: [a.id] }, b: { partnerId: b.id, ids: [b.id] } }),
  });

  itScopesToPartner({
    subgraph: () => sub,
    typename: 'DealRegistration',
    byId: 'dealRegistration',
    list: 'dealRegistrations',
    tables: [{ table: 'deal_registration', column: 'partner_id' }],
    rows: () => ({ a: { partnerId: a.id, ids: registrations.a }, b: { partnerId: b.id, ids: registrations.b } }),
  });

  itScopesToPartner({
    subgraph: () => sub,
    typename: 'LeadOffer',
    byId: 'leadOffer',
    list: 'leadOffers',
    tables: [{ table: 'lead_offer', column: 'partner_id' }],
    rows: () => ({ a: { partnerId: a.id, ids: offers.a }, b: { partnerId: b.id, ids: offers.b } }),
  });

  // Not the shared suite's table check: a partner reads a lead through its offer before the lead's
  // partner_id is set (on acceptance), so the policy is by offer, and these are the rows it admits.
  describe('row-level security on distributed_lead', () => {
    const leadIds = async (db: Client, sql = 'SELECT lead_id FROM distributed_lead') =>
      (await db.query<{ lead_id: string }>(sql)).rows.map((r) => r.lead_id).sort();

    it("lets A's transaction see only the leads offered to A, even a query with no partner filter", async () => {
      await asApp(a.id, async (db) => expect(await leadIds(db)).toEqual([...leads.a].sort()));
      await asApp(b.id, async (db) => expect(await leadIds(db)).toEqual([...leads.b].sort()));
      await asApp(a.id, async (db) => {
        expect((await db.query('SELECT 1 FROM distributed_lead WHERE lead_id = ANY($1::uuid[])', [leads.b])).rowCount).toBe(0);
        // A join through the offers that forgets the partner finds only A's too.
        expect(await leadIds(db, 'SELECT l.lead_id FROM distributed_lead l JOIN lead_offer o USING (lead_id)')).toEqual(
          [...leads.a].sort(),
        );
      });
    });

    it("lets A neither change B's leads nor hand its own to B, only take its own as accepting does", async () => {
      await asApp(a.id, async (db) => {
        expect((await db.query('UPDATE distributed_lead SET status = status WHERE lead_id = ANY($1::uuid[])', [leads.b])).rowCount).toBe(0);
        expect((await db.query('DELETE FROM distributed_lead WHERE lead_id = ANY($1::uuid[])', [leads.b])).rowCount).toBe(0);
        expect((await db.query('UPDATE distributed_lead SET partner_id = $1 WHERE lead_id = $2', [a.id, leads.a[0]])).rowCount).toBe(1);
        await expect(db.query('UPDATE distributed_lead SET partner_id = $1 WHERE lead_id = $2', [b.id, leads.a[1]])).rejects.toThrow(
          /row-level security/,
        );
      });
      expect(await sub.sql('SELECT 1 FROM distributed_lead WHERE partner_id IS NOT NULL AND lead_id = ANY($1::uuid[])', [leads.a])).toEqual(
        [],
      );
    });

    it('returns no rows when no partner is set (fails closed), every row to internal callers, and holds for the owner', async () => {
      for (const setting of [null, '', 'not-a-partner']) {
        await asApp(setting, async (db) => expect((await db.query('SELECT * FROM distributed_lead')).rowCount).toBe(0));
      }
      await asApp('*', async (db) => expect(await leadIds(db)).toEqual(expect.arrayContaining([...leads.a, ...leads.b])));
      const [row] = await sub.sql(
        `SELECT r.rolsuper, r.rolbypassrls, c.relrowsecurity, c.relforcerowsecurity
         FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.relname = 'distributed_lead' AND c.relkind = 'r'`,
      );
      expect(row).toEqual({ rolsuper: false, rolbypassrls: false, relrowsecurity: true, relforcerowsecurity: true });
    });
  });

  describe("customer names on a partner's links", () => {
    const NAMES = 'query($id: ID!) { partner(id: $id) { customerLinks { customerId customerName } } }';
    const namesOf = async (as: () => TestSubgraph['gql'], id: string) => {
      const res = await as()<{ partner: { customerLinks: { customerId: string; customerName: string | null }[] } }>(NAMES, { id });
      return Object.fromEntries(res.data!.partner.customerLinks.map((l) => [l.customerId, l.customerName]));
    };
    const nameRows = async (db: Client) =>
      (await db.query<{ customer_id: string }>('SELECT customer_id FROM customer_name')).rows.map((r) => r.customer_id).sort();
    const at = (minutes: number) => new Date(Date.UTC(2031, 0, 1, 0, minutes)).toISOString();

    beforeAll(async () => {
      // Sales' story of five customers: 2 is renamed, then an older v1 update of it arrives (a replay) and must not win;
      // 3 is linked to A but partners never heard of it; 9 is linked to nobody.
      const events = await startEventSender(sub.brokers);
      const created = (customerId: string, name: string) =>
        events.send(CustomerCreated, { customerId, name, kind: 'COMPANY', createdAt: at(0) });
      try {
        await created(uuid(1), 'Alpha Ltd');
        await created(uuid(2), 'Bravo');
        await created(uuid(4), 'Delta AB');
        await created(uuid(9), 'Unlinked Co');
        await events.send(CustomerUpdatedV2, {
          customerId: uuid(2),
          changes: [{ field: 'name', old: 'Bravo', new: 'Bravo Holdings' }],
          customer: customerSnapshot({ name: 'Bravo Holdings' }),
          updatedBy: null,
          updatedAt: at(10),
        });
        await events.send(CustomerUpdated, { customerId: uuid(2), changed: ['name'], name: 'Bravo (stale)', updatedAt: at(5) });
      } finally {
        await events.close();
      }
      const deadline = Date.now() + 15_000;
      while ((await sub.sql(`SELECT 1 FROM inbox WHERE consumer = 'partners-customer-names'`)).length < 6) {
        if (Date.now() > deadline) throw new Error('customer names not applied');
        await new Promise((r) => setTimeout(r, 100));
      }
    });

    it('shows a partner the latest name sales published of each customer it is linked to, and none before partners heard of it', async () => {
      expect(await namesOf(asA, a.id)).toEqual({ [uuid(1)]: 'Alpha Ltd', [uuid(2)]: 'Bravo Holdings', [uuid(3)]: null });
      expect(await namesOf(asB, b.id)).toEqual({ [uuid(2)]: 'Bravo Holdings', [uuid(4)]: 'Delta AB' });
      expect(await namesOf(() => sub.gql, a.id)).toEqual(await namesOf(asA, a.id));
    });

    it("lets a partner's transaction read only its linked customers' names and write none; no scope reads nothing", async () => {
      await asApp(a.id, async (db) => expect(await nameRows(db)).toEqual([uuid(1), uuid(2)]));
      await asApp(b.id, async (db) => expect(await nameRows(db)).toEqual([uuid(2), uuid(4)]));
      for (const setting of [null, '', 'not-a-partner']) await asApp(setting, async (db) => expect(await nameRows(db)).toEqual([]));
      await asApp('*', async (db) => expect(await nameRows(db)).toEqual(expect.arrayContaining([uuid(1), uuid(2), uuid(4), uuid(9)])));
      await asApp(a.id, async (db) => {
        await expect(db.query(`UPDATE customer_name SET name = 'Mine' WHERE customer_id = $1`, [uuid(1)])).rejects.toThrow(
          /row-level security/,
        );
      });
      await asApp(a.id, async (db) => {
        await expect(
          db.query(`INSERT INTO customer_name (customer_id, name, changed_at) VALUES ($1, 'Mine', now())`, [uuid(3)]),
        ).rejects.toThrow(/row-level security/);
      });
      expect(
        await sub.sql('SELECT name FROM customer_name WHERE customer_id = ANY($1::uuid[]) ORDER BY name', [[uuid(1), uuid(3)]]),
      ).toEqual([{ name: 'Alpha Ltd' }]);
    });
  });

  it('keeps forced row-level security on every table with partner rows, but the two read across partners on purpose, and none fails open', async () => {
    // A table added later with a partner_id column, or with a policy of its own, shows up here: it
    // must be scoped (and tested with rows in its own spec), or named below with the reason.
    const tables = await sub.sql<{ table: string; rls: boolean; forced: boolean; policy: boolean; owner_bypasses: boolean }>(
      `SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
              EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid) AS policy, (r.rolsuper OR r.rolbypassrls) AS owner_bypasses
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles r ON r.oid = c.relowner
       WHERE n.nspname = 'public' AND c.relkind = 'r' AND (c.relrowsecurity OR EXISTS (
         SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'partner_id' AND NOT a.attisdropped))
       ORDER BY c.relname`,
    );
    // Read across partners by the registration conflict check, in the registering partner's transaction; no API returns their rows.
    const acrossPartners = ['open_opportunity', 'protected_domain'];
    const scoped = tables.filter((t) => !acrossPartners.includes(t.table));
    expect(tables.filter((t) => acrossPartners.includes(t.table)).map((t) => [t.table, t.rls])).toEqual(
      acrossPartners.map((t) => [t, false]),
    );
    expect(scoped.map((t) => t.table)).toEqual([
      'commission',
      'customer_name',
      'deal_registration',
      'distributed_lead',
      'lead_offer',
      'partner',
      'partner_customer_link',
      'partner_user',
    ]);
    for (const t of scoped) {
      let unscoped = -1;
      await asApp(null, async (db) => {
        unscoped = (await db.query(`SELECT 1 FROM "${t.table}"`)).rowCount ?? -1;
      });
      expect({ ...t, unscoped }).toEqual({ ...t, rls: true, forced: true, policy: true, owner_bypasses: false, unscoped: 0 });
    }
  });

  it('shows a partner only its own customer links, on Partner and on Customer', async () => {
    const list = await asA()<{ partners: { edges: { node: PartnerView }[] } }>(LIST);
    expect(list.data!.partners.edges[0]!.node.customerLinks.map((l) => l.customerId).sort()).toEqual(customersOf.a);

    // Customer 2 works with both partners: each partner sees only itself there.
    const shared = await asB()<{ _entities: { partners: { id: string }[] }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { partners { id } } } }',
      { r: [{ __typename: 'Customer', id: uuid(2) }] },
    );
    expect(shared.data!._entities[0]!.partners).toEqual([{ id: b.id }]);
    const internal = await sub.gql<{ _entities: { partners: { id: string }[] }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { partners { id } } } }',
      { r: [{ __typename: 'Customer', id: uuid(2) }] },
    );
    expect(internal.data!._entities[0]!.partners.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('lets a partner write nothing: mutations are FORBIDDEN and write nothing', async () => {
    const before = (await sub.count('partner')) + (await sub.count('partner_customer_link')) + (await sub.count('outbox'));
    const link = await asA()('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }', {
      i: { partnerId: b.id, customerId: uuid(77) },
    });
    const create = await asA()('mutation { createPartner(input: { name: "Sneaky" }) { id } }');
    for (const res of [link, create]) expect(res.errors![0]!.extensions).toEqual({ code: 'FORBIDDEN' });
    expect((await sub.count('partner')) + (await sub.count('partner_customer_link')) + (await sub.count('outbox'))).toBe(before);
  });

  it("stops partner A's transaction at the database from linking a customer to B", async () => {
    await asApp(a.id, async (c) => {
      await expect(
        c.query('INSERT INTO partner_customer_link (partner_id, customer_id, linked_at) VALUES ($1, $2, now())', [b.id, uuid(88)]),
      ).rejects.toThrow(/row-level security/);
    });
    expect(await sub.sql('SELECT 1 FROM partner_customer_link WHERE partner_id = $1', [b.id])).toHaveLength(customersOf.b.length);
  });

  it('answers UNAUTHENTICATED without a valid token and FORBIDDEN to a role the domain does not admit', async () => {
    expect((await sub.gqlAs(null)(PARTNER, { id: a.id })).errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect((await sub.gql(PARTNER, { id: a.id }, { authorization: 'Bearer not.a.token' })).errors![0]!.extensions).toEqual({
      code: 'UNAUTHENTICATED',
    });
    expect((await sub.gqlAs({ roles: ['admin'], expiresInSeconds: -5 })(PARTNER, { id: a.id })).errors![0]!.extensions).toEqual({
      code: 'UNAUTHENTICATED',
    });
    expect((await sub.gqlAs({ roles: ['analyst'] })(PARTNER, { id: a.id })).errors![0]!.extensions).toEqual({ code: 'FORBIDDEN' });
    expect((await sub.gqlAs({ roles: ['marketing'] })(PARTNER, { id: a.id })).data).toEqual({
      partner: { id: a.id, name: a.name, customerLinks: expect.any(Array) },
    });
  });

  // Last: it adds links, which the cases above count.
  describe('a customer merged in sales (customer.merged)', () => {
    const survivor = uuid(20);
    const merged = uuid(21);
    const LINKS = 'query($id: ID!) { partner(id: $id) { customerLinks { customerId customerName linkedAt } } }';
    type Links = { partner: { customerLinks: { customerId: string; customerName: string | null; linkedAt: string }[] } };
    const linksOf = async (as: () => TestSubgraph['gql'], id: string) => (await as()<Links>(LINKS, { id })).data!.partner.customerLinks;
    const link = (partnerId: string, customerId: string) =>
      sub.gql('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }', {
        i: { partnerId, customerId: sub.customers.add(customerId) },
      });
    const mergeEvent = {
      mergeId: randomUUID(),
      survivorId: survivor,
      mergedId: merged,
      moved: { contactIds: [], opportunityIds: [] },
      mergedBy: null,
      mergedAt: new Date().toISOString(),
    };
    const applied = async (n: number) => {
      const deadline = Date.now() + 20_000;
      while ((await sub.sql(`SELECT 1 FROM inbox WHERE consumer = 'partners-customer-merges'`)).length < n) {
        if (Date.now() > deadline) throw new Error(`customer merges not applied (${n})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    let registrationId = '';
    let before: { a: Links['partner']['customerLinks']; b: Links['partner']['customerLinks'] };
    let outboxBefore = '0';
    /** The link events written since the merge was sent, about either customer, in order. */
    const linkEvents = () =>
      sub.sql<{ type: string; data: Record<string, string> }>(
        `SELECT type, data FROM outbox WHERE seq > $1 AND type LIKE 'crm.partners.partner.customer-%'
           AND data->>'customerId' = ANY($2::text[]) ORDER BY seq`,
        [outboxBefore, [merged, survivor]],
      );

    beforeAll(async () => {
      // A works with both customers (the merged one first), B only with the one merged away; A registered a deal for it.
      await link(a.id, merged);
      await link(a.id, survivor);
      await link(b.id, merged);
      const registered = await asA()<{ registerDeal: { id: string } }>(REGISTER, {
        i: {
          companyName: 'Merged Co',
          domain: 'merged-co.example',
          customerId: merged,
          contactName: 'Contact',
          contactEmail: 'contact@merged-co.example',
          productInterest: 'CRM',
          estimatedAmount: { amount: '100', currency: 'EUR' },
          expectedClose: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
        },
      });
      registrationId = registered.data!.registerDeal.id;
      before = { a: await linksOf(asA, a.id), b: await linksOf(asB, b.id) };
      outboxBefore = (await sub.sql<{ seq: string }>('SELECT coalesce(max(seq), 0) AS seq FROM outbox'))[0]!.seq;
      const events = await startEventSender(sub.brokers);
      try {
        await events.send(CustomerCreated, {
          customerId: survivor,
          name: 'Survivor Inc',
          kind: 'COMPANY',
          createdAt: new Date().toISOString(),
        });
        await events.send(CustomerCreated, { customerId: merged, name: 'Merged Co', kind: 'COMPANY', createdAt: new Date().toISOString() });
        await events.send(CustomerMerged, mergeEvent);
      } finally {
        await events.close();
      }
      await applied(1);
      await eventuallyNamed(survivor);
    });

    /** Names arrive on another consumer group than the merge: wait until the survivor's is there. */
    async function eventuallyNamed(customerId: string): Promise<void> {
      const deadline = Date.now() + 20_000;
      while ((await sub.sql('SELECT 1 FROM customer_name WHERE customer_id = $1', [customerId])).length === 0) {
        if (Date.now() > deadline) throw new Error(`no name for ${customerId}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    it("moves each partner's link to the survivor, with its name; a partner linked to both keeps one link, from the first", async () => {
      const wasLinked = (list: Links['partner']['customerLinks'], id: string) => list.find((l) => l.customerId === id)!.linkedAt;
      const afterA = await linksOf(asA, a.id);
      expect(afterA.filter((l) => l.customerId === survivor)).toEqual([
        { customerId: survivor, customerName: 'Survivor Inc', linkedAt: wasLinked(before.a, merged) },
      ]);
      expect(afterA.some((l) => l.customerId === merged)).toBe(false);
      expect(afterA).toHaveLength(before.a.length - 1);
      const afterB = await linksOf(asB, b.id);
      expect(afterB.filter((l) => l.customerId === survivor)).toEqual([
        { customerId: survivor, customerName: 'Survivor Inc', linkedAt: wasLinked(before.b, merged) },
      ]);
      expect(afterB.some((l) => l.customerId === merged)).toBe(false);
      expect(afterB).toHaveLength(before.b.length);
      // The registration follows; the merged customer's name is gone.
      const reg = await asA()<{ dealRegistration: { customerId: string } }>(
        'query($id: ID!) { dealRegistration(id: $id) { customerId } }',
        {
          id: registrationId,
        },
      );
      expect(reg.data!.dealRegistration.customerId).toBe(survivor);
      expect(await sub.sql('SELECT 1 FROM customer_name WHERE customer_id = $1', [merged])).toEqual([]);
    });

    it('publishes the link changes it made: each partner unlinked from the merged-away customer, linked to the survivor unless it was', async () => {
      const linkedAt = (list: Links['partner']['customerLinks']) => list.find((l) => l.customerId === merged)!.linkedAt;
      const unlinked = (p: { id: string; name: string }) => ({
        type: 'crm.partners.partner.customer-unlinked.v1',
        data: { partnerId: p.id, customerId: merged, partnerName: p.name, unlinkedAt: mergeEvent.mergedAt },
      });
      const events = await linkEvents();
      // One partner's events in order; A was linked to the survivor already, so it gains no link.
      expect(events.filter((e) => e.data.partnerId === a.id)).toEqual([unlinked(a)]);
      expect(events.filter((e) => e.data.partnerId === b.id)).toEqual([
        unlinked(b),
        {
          type: 'crm.partners.partner.customer-linked.v1',
          data: { partnerId: b.id, customerId: survivor, partnerName: b.name, linkedAt: linkedAt(before.b) },
        },
      ]);
      expect(events).toHaveLength(3);
    });

    it("keeps row-level security: B's transaction reads the survivor's name through its moved link, and A's no link of B", async () => {
      await asApp(b.id, async (db) => {
        const { rows } = await db.query<{ name: string }>('SELECT name FROM customer_name WHERE customer_id = $1', [survivor]);
        expect(rows).toEqual([{ name: 'Survivor Inc' }]);
      });
      await asApp(a.id, async (db) => {
        const { rows } = await db.query<{ partner_id: string }>(
          'SELECT DISTINCT partner_id FROM partner_customer_link WHERE customer_id = $1',
          [survivor],
        );
        expect(rows).toEqual([{ partner_id: a.id }]);
      });
    });

    it('changes nothing when the merge comes again (a replay), and links the survivor when asked to link the merged-away id', async () => {
      const snapshot = async () => ({ a: await linksOf(asA, a.id), b: await linksOf(asB, b.id) });
      const was = await snapshot();
      const events = await startEventSender(sub.brokers);
      try {
        await events.send(CustomerMerged, { ...mergeEvent, mergeId: randomUUID() });
      } finally {
        await events.close();
      }
      await applied(2);
      expect(await snapshot()).toEqual(was);
      expect(await linkEvents()).toHaveLength(3);
      expect(await sub.sql('SELECT survivor_id FROM customer_alias WHERE merged_id = $1', [merged])).toEqual([{ survivor_id: survivor }]);

      // A lookup that still answers for the merged-away id (sales' reply raced the merge): the alias routes it.
      const res = await link(b.id, merged);
      expect(res.errors).toBeUndefined();
      expect(
        await sub.sql('SELECT customer_id FROM partner_customer_link WHERE partner_id = $1 AND customer_id = ANY($2::uuid[])', [
          b.id,
          [merged, survivor],
        ]),
      ).toEqual([{ customer_id: survivor }]);
    });

    it('records a lead marketing routed for the merged-away customer (in flight during the merge) on the survivor', async () => {
      const leadId = randomUUID();
      const events = await startEventSender(sub.brokers);
      try {
        await events.send(LeadRoutedToPartners, {
          leadId,
          customerId: merged,
          company: 'Merged Co',
          country: null,
          region: null,
          productId: null,
          industry: null,
          employeeCount: null,
          routedBy: null,
          routedAt: new Date().toISOString(),
        });
      } finally {
        await events.close();
      }
      const deadline = Date.now() + 20_000;
      let rows: { customer_id: string }[] = [];
      while ((rows = await sub.sql('SELECT customer_id FROM distributed_lead WHERE lead_id = $1', [leadId])).length === 0) {
        if (Date.now() > deadline) throw new Error('lead not routed');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(rows).toEqual([{ customer_id: survivor }]);
    });

    it('keeps no name for a customer merged away, even when its creation reaches the names consumer after the merge', async () => {
      const [gone, into] = [randomUUID(), randomUUID()];
      const events = await startEventSender(sub.brokers);
      let created = '';
      try {
        await events.send(CustomerMerged, { ...mergeEvent, mergeId: randomUUID(), mergedId: gone, survivorId: into });
        await applied(3);
        created = await events.send(CustomerCreated, {
          customerId: gone,
          name: 'Late Co',
          kind: 'COMPANY',
          createdAt: new Date().toISOString(),
        });
      } finally {
        await events.close();
      }
      const deadline = Date.now() + 20_000;
      while ((await sub.sql(`SELECT 1 FROM inbox WHERE consumer = 'partners-customer-names' AND event_id = $1`, [created])).length === 0) {
        if (Date.now() > deadline) throw new Error('customer.created not applied');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await sub.sql('SELECT 1 FROM customer_name WHERE customer_id = $1', [gone])).toEqual([]);
    });
  });
});
