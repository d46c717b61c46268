import { randomUUID } from 'node:crypto';
import {
  ContactAdded,
  ContactDeleted,
  CustomerCreated,
  CustomerDeleted,
  CustomerRestored,
  CustomerUpdatedV2,
  KnowledgeArticleArchived,
  KnowledgeArticlePublished,
  LeadCaptured,
  LeadUpdatedV2,
  OpportunityCreated,
  PartnerCreated,
  PartnerLinkedToCustomer,
  PartnerUnlinkedFromCustomer,
  type EventContract,
  type PayloadOf,
} from '@crm/contracts';
import { asCustomer, asPartner, eventually } from '@crm/testing';
import { customerSnapshot, useTestSubgraph } from '@crm/subgraph-testing';
import { analyticsSubgraph } from '../src/analytics.subgraph';
import { SEARCH_GROUP_ID } from '../src/search/search.consumer';

interface Hit {
  type: string;
  score: number;
  matchedFields: string[];
  record: { __typename: string; id: string };
}

const SEARCH = `query($q: String!, $types: [SearchType!], $first: Int) {
  search(query: $q, types: $types, first: $first) { type score matchedFields record { __typename ... on Customer { id } ... on Contact { id }
    ... on Opportunity { id } ... on Partner { id } ... on KnowledgeArticle { id } ... on Lead { id } ... on Case { id } } } }`;

const ids = {
  lovelace: randomUUID(),
  ada: randomUUID(),
  babbage: randomUUID(),
  partnerA: randomUUID(),
  partnerB: randomUUID(),
  dealA: randomUUID(),
  dealB: randomUUID(),
  article: randomUUID(),
};
const now = () => new Date().toISOString();

const snapshot = (name: string, domain: string | null) =>
  customerSnapshot({ name, domain, lifecycleStage: 'PROSPECT', industry: 'Computing' });

const deal = (opportunityId: string, name: string, partnerId: string | null) => ({
  opportunityId,
  customerId: ids.babbage,
  name,
  amount: { amount: '1000.00', currency: 'EUR' },
  closeDate: '2026-06-30',
  ownerId: null,
  partnerId,
  pipelineId: randomUUID(),
  stageId: randomUUID(),
  status: 'OPEN' as const,
  createdAt: now(),
});

describe('search across everything (analytics)', () => {
  const analytics = useTestSubgraph(analyticsSubgraph);
  const { events } = analytics;

  /** Sends an event and waits until the search index applied it. */
  const applied = async <C extends EventContract>(contract: C, data: PayloadOf<C>, opts?: { time?: string }) => {
    const id = await events.send(contract, data, opts);
    await eventually(async () =>
      expect(await analytics.sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [SEARCH_GROUP_ID, id])).toHaveLength(1),
    );
  };

  const search = async (q: string, opts: { types?: string[]; first?: number } = {}, gql = analytics.gql) => {
    const res = await gql<{ search: Hit[] }>(SEARCH, { q, ...opts });
    expect(res.errors).toBeUndefined();
    return res.data!.search;
  };

  beforeAll(async () => {
    // The contact before its customer: the two topics keep no order between them.
    await applied(ContactAdded, {
      contactId: ids.ada,
      customerId: ids.lovelace,
      fullName: 'Ada Lovelace',
      email: 'Ada@Lovelace.example',
      createdAt: now(),
    });
    await applied(CustomerCreated, { customerId: ids.lovelace, name: 'Lovelace Analytical', kind: 'COMPANY', createdAt: now() });
    await applied(CustomerUpdatedV2, {
      customerId: ids.lovelace,
      changes: [{ field: 'domain', old: null, new: 'lovelace.example' }],
      customer: snapshot('Lovelace Analytical Engines', 'lovelace.example'),
      updatedBy: null,
      updatedAt: now(),
    });
    await applied(CustomerCreated, { customerId: ids.babbage, name: 'Babbage Difference', kind: 'COMPANY', createdAt: now() });
    await applied(PartnerCreated, { partnerId: ids.partnerA, name: 'Babbage Resellers', createdAt: now() });
    await applied(PartnerCreated, { partnerId: ids.partnerB, name: 'Difference Channel', createdAt: now() });
    await applied(OpportunityCreated, deal(ids.dealA, 'Babbage engine renewal', ids.partnerA));
    await applied(OpportunityCreated, deal(ids.dealB, 'Babbage engine upgrade', ids.partnerB));
    await applied(KnowledgeArticlePublished, {
      articleId: ids.article,
      version: 1,
      title: 'Resetting the analytical engine',
      visibility: 'INTERNAL',
      categoryId: null,
      publishedBy: null,
      publishedAt: now(),
    });
  });

  it("finds a contact's email exactly, first: the contact and its customer, whatever the case typed", async () => {
    const hits = await search('ada@LOVELACE.example');
    expect(hits.slice(0, 2)).toEqual(
      expect.arrayContaining([
        // Its name is like the address too (trigram): the contact's title.
        expect.objectContaining({ type: 'CONTACT', matchedFields: ['emails', 'name'], record: { __typename: 'Contact', id: ids.ada } }),
        expect.objectContaining({
          type: 'CUSTOMER',
          matchedFields: ['contactEmails'],
          record: { __typename: 'Customer', id: ids.lovelace },
        }),
      ]),
    );
    expect(hits[0]!.score).toBeGreaterThanOrEqual(10);
    expect(hits[1]!.score).toBeGreaterThanOrEqual(10);
  });

  it('finds a customer by its domain and by the prefix of its name', async () => {
    const [byDomain] = await search('lovelace.example', { types: ['CUSTOMER'] });
    expect(byDomain).toEqual(expect.objectContaining({ type: 'CUSTOMER', record: { __typename: 'Customer', id: ids.lovelace } }));
    expect(byDomain!.matchedFields).toContain('domain');
    const byPrefix = await search('Lovel Analyt', { types: ['CUSTOMER'] });
    expect(byPrefix.map((h) => h.record.id)).toEqual([ids.lovelace]);
    expect(byPrefix[0]!.matchedFields).toEqual(['name']);
  });

  it('still finds a company name with a typo (trigram similarity)', async () => {
    const hits = await search('Lovelace Analyticl Engnes', { types: ['CUSTOMER'] });
    expect(hits.map((h) => h.record.id)).toEqual([ids.lovelace]);
  });

  it('ranks every kind of record and narrows to the types asked', async () => {
    const all = await search('analytical');
    expect(all.map((h) => h.type).sort()).toEqual(['CUSTOMER', 'KNOWLEDGE_ARTICLE']);
    expect((await search('analytical', { types: ['KNOWLEDGE_ARTICLE'] })).map((h) => h.record)).toEqual([
      { __typename: 'KnowledgeArticle', id: ids.article },
    ]);
    expect(await search('babbage', { first: 1 })).toHaveLength(1);
  });

  it("shows a partner only its own records: its deal and itself, no other partner's, no customer", async () => {
    const staff = await search('babbage');
    expect(staff.map((h) => h.record.id).sort()).toEqual([ids.babbage, ids.partnerA, ids.dealA, ids.dealB].sort());
    const partner = await search('babbage', {}, analytics.gqlAs(asPartner(ids.partnerA)));
    expect(partner.map((h) => h.record.id).sort()).toEqual([ids.partnerA, ids.dealA].sort());
    expect(await search('difference', {}, analytics.gqlAs(asPartner(ids.partnerA)))).toEqual([]);
    // Row-level security holds without the filter: the partner's transaction sees its two documents.
    const seen = await analytics.asApp(ids.partnerA, async (c) => {
      await c.query(`SELECT set_config('app.customer_id', '*', true)`);
      return (await c.query<{ id: string }>('SELECT id FROM search_document ORDER BY id')).rows.map((r) => r.id);
    });
    expect(seen).toEqual([ids.partnerA, ids.dealA].sort());
  });

  it("finds a partner's linked customer by name and by its contact's email, never the contact, never for another partner", async () => {
    const [asA, asB] = [analytics.gqlAs(asPartner(ids.partnerA)), analytics.gqlAs(asPartner(ids.partnerB))];
    const documentsSeenBy = (partnerId: string) =>
      analytics.asApp(partnerId, async (c) => {
        await c.query(`SELECT set_config('app.customer_id', '*', true)`);
        return (await c.query<{ id: string }>(`SELECT id FROM search_document WHERE type = 'CUSTOMER'`)).rows.map((r) => r.id);
      });
    expect(await search('ada@lovelace.example', {}, asA)).toEqual([]);
    const link = { partnerId: ids.partnerA, customerId: ids.lovelace, partnerName: 'Babbage Resellers' };
    await applied(PartnerLinkedToCustomer, { ...link, linkedAt: now() });

    const byEmail = await search('ada@LOVELACE.example', {}, asA);
    expect(byEmail.map((h) => [h.type, h.record.id, h.matchedFields])).toEqual([['CUSTOMER', ids.lovelace, ['contactEmails']]]);
    expect((await search('Lovelace Analytical', {}, asA)).map((h) => h.record.id)).toEqual([ids.lovelace]);
    expect(await search('ada@lovelace.example', {}, asB)).toEqual([]);
    expect(await search('lovelace', {}, asB)).toEqual([]);
    // Row-level security holds without the filter: the link lets A's transaction read that customer, and B's nothing.
    expect(await documentsSeenBy(ids.partnerA)).toEqual([ids.lovelace]);
    expect(await documentsSeenBy(ids.partnerB)).toEqual([]);

    // A partner asking for a kind it cannot read is told so, on the argument; staff may ask for it.
    const contacts = await asA<{ search: Hit[] | null }>(SEARCH, { q: 'ada@lovelace.example', types: ['CUSTOMER', 'CONTACT'] });
    expect(contacts.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'types' }));
    expect(contacts.data?.search ?? null).toBeNull();
    expect((await search('ada@lovelace.example', { types: ['CONTACT'] })).map((h) => h.record.id)).toEqual([ids.ada]);

    await applied(PartnerUnlinkedFromCustomer, { ...link, unlinkedAt: now() });
    expect(await search('ada@lovelace.example', {}, asA)).toEqual([]);
    expect(await documentsSeenBy(ids.partnerA)).toEqual([]);
  });

  it('refuses a portal contact and an analyst, who read none of these records', async () => {
    for (const caller of [asCustomer(ids.lovelace, ids.ada), { roles: ['analyst' as const], userId: randomUUID() }]) {
      const res = await analytics.gqlAs(caller)<{ search: Hit[] | null }>(SEARCH, { q: 'lovelace' });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.data?.search ?? null).toBeNull();
    }
  });

  it('refuses a query under 2 or over 200 characters, and a page past 50, naming the argument', async () => {
    for (const [q, first, field] of [
      ['a', undefined, 'query'],
      ['  a  ', undefined, 'query'],
      ['x'.repeat(201), undefined, 'query'],
      ['lovelace', 51, 'first'],
      ['lovelace', 0, 'first'],
    ] as const) {
      const res = await analytics.gql(SEARCH, { q, first });
      expect(res.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', field }));
    }
    // Query syntax is text: nothing in it is tsquery or LIKE syntax.
    expect(await search(`'):* | !&\\`)).toEqual([]);
  });

  it('drops a deleted contact from its customer, hides a deleted customer until restored', async () => {
    const contact = randomUUID();
    await applied(ContactAdded, {
      contactId: contact,
      customerId: ids.lovelace,
      fullName: 'Charles Lovelace',
      email: 'charles@lovelace.example',
      createdAt: now(),
    });
    expect((await search('charles@lovelace.example')).map((h) => h.type)).toEqual(['CONTACT', 'CUSTOMER']);
    await applied(ContactDeleted, { contactId: contact, customerId: ids.lovelace, deletedAt: now() });
    expect(await search('charles@lovelace.example')).toEqual([]);

    await applied(CustomerDeleted, { customerId: ids.lovelace, deletedAt: now() });
    expect((await search('lovelace', { types: ['CUSTOMER'] })).map((h) => h.record.id)).toEqual([]);
    await applied(CustomerRestored, { customerId: ids.lovelace, restoredAt: now() });
    expect((await search('lovelace', { types: ['CUSTOMER'] })).map((h) => h.record.id)).toEqual([ids.lovelace]);
  });

  it('drops an archived knowledge article until it is published again', async () => {
    const article = {
      articleId: randomUUID(),
      title: 'Winding the difference engine',
      visibility: 'PUBLIC' as const,
      categoryId: null,
      publishedBy: null,
    };
    await applied(KnowledgeArticlePublished, { ...article, version: 1, publishedAt: now() });
    const found = async () => (await search('winding', { types: ['KNOWLEDGE_ARTICLE'] })).map((h) => h.record.id);
    expect(await found()).toEqual([article.articleId]);
    await applied(KnowledgeArticleArchived, { articleId: article.articleId, title: article.title, archivedBy: null, archivedAt: now() });
    expect(await found()).toEqual([]);
    await applied(KnowledgeArticlePublished, { ...article, version: 2, publishedAt: now() });
    expect(await found()).toEqual([article.articleId]);
  });

  it('keeps the later change when an older event arrives after it', async () => {
    await applied(
      CustomerUpdatedV2,
      {
        customerId: ids.babbage,
        changes: [{ field: 'name', old: 'Babbage Difference', new: 'Babbage Old Name' }],
        customer: snapshot('Babbage Old Name', null),
        updatedBy: null,
        updatedAt: now(),
      },
      { time: '2020-01-01T00:00:00Z' },
    );
    expect(await search('old name', { types: ['CUSTOMER'] })).toEqual([]);
  });

  it("follows a lead's new name and company from marketing's lead.updated.v2, keeping its email", async () => {
    const leadId = randomUUID();
    await applied(LeadCaptured, {
      leadId,
      customerId: null,
      email: 'grace@hopper.example',
      name: 'Grace Hopper',
      company: 'Eckert Mauchly',
      source: 'WEB_FORM',
      status: 'NEW',
      isNew: true,
      capturedAt: now(),
    });
    await applied(LeadUpdatedV2, {
      leadId,
      customerId: null,
      email: 'grace@hopper.example',
      changed: ['company'],
      changes: [{ field: 'company', old: 'Eckert Mauchly', new: 'Remington Rand' }],
      ownerId: null,
      updatedBy: null,
      updatedAt: now(),
    });
    const found = await search('Remington Rand', { types: ['LEAD'] });
    expect(found.map((h) => h.record)).toEqual([{ __typename: 'Lead', id: leadId }]);
    expect(found[0]!.matchedFields).toContain('company');
    expect(await search('Eckert Mauchly', { types: ['LEAD'] })).toEqual([]);
    expect((await search('grace@hopper.example', { types: ['LEAD'] })).map((h) => h.record.id)).toEqual([leadId]);
  });
});
