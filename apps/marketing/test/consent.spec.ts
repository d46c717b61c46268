import { randomUUID } from 'node:crypto';
import { itPagesWithCursors } from '@crm/testing';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { marketingSubgraph } from '../src/marketing.subgraph';

interface ConsentRecordView {
  id: string;
  personKind: string;
  personId: string;
  customerId: string | null;
  email: string;
  channel: string;
  status: string;
  source: string;
  lawfulBasis: string;
  textShown: string | null;
  recordedBy: string | null;
}

const RECORD = `mutation($i: RecordConsentInput!) { recordConsent(input: $i) {
  id personKind personId customerId email channel status source lawfulBasis textShown recordedBy } }`;
const CURRENT = `query($e: String!) { consent(email: $e) { email channel status } }`;
const TEXT = 'Yes, send me product news by email. You can unsubscribe at any time.';

describe('consent', () => {
  const marketing = useTestSubgraph(marketingSubgraph);
  const { gql } = marketing;
  const record = (i: Record<string, unknown>) => gql<{ recordConsent: ConsentRecordView }>(RECORD, { i });
  const grant = (person: Record<string, unknown>, more: Record<string, unknown> = {}) =>
    record({ person, channel: 'EMAIL', status: 'GRANTED', source: 'WEB_FORM', lawfulBasis: 'CONSENT', textShown: TEXT, ...more });
  const withdraw = (person: Record<string, unknown>, source = 'PREFERENCE_CENTER') =>
    record({ person, channel: 'EMAIL', status: 'WITHDRAWN', source, lawfulBasis: 'CONSENT' });
  const current = async (email: string) =>
    (await gql<{ consent: { channel: string; status: string }[] }>(CURRENT, { e: email })).data!.consent;
  const records = () => marketing.count('consent_record');

  it("records a lead's grant with the lead's address and customer, makes it current and publishes consent.changed", async () => {
    const customerId = marketing.customers.add();
    const lead = await marketing.ctx.newLead({ customerId });
    const res = await grant({ kind: 'LEAD', id: lead.id.toUpperCase() });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordConsent).toMatchObject({
      personKind: 'LEAD',
      personId: lead.id,
      customerId,
      email: lead.email,
      channel: 'EMAIL',
      status: 'GRANTED',
      source: 'WEB_FORM',
      lawfulBasis: 'CONSENT',
      textShown: TEXT,
    });
    expect(await current(lead.email.toUpperCase())).toEqual([{ email: lead.email, channel: 'EMAIL', status: 'GRANTED' }]);
    const events = await marketing.sql<{ subject: string; data: { consentId: string; status: string } }>(
      `SELECT subject, data FROM outbox WHERE type = 'crm.marketing.consent.changed.v1' AND data->>'personId' = $1`,
      [lead.id],
    );
    expect(events).toEqual([
      { subject: customerId, data: expect.objectContaining({ consentId: res.data!.recordConsent.id, status: 'GRANTED' }) },
    ]);
  });

  it('keeps a withdrawal against a later import, answering CONFLICT on source and writing nothing; the person can grant again', async () => {
    const lead = await marketing.ctx.newLead();
    const person = { kind: 'LEAD', id: lead.id };
    expect((await grant(person)).errors).toBeUndefined();
    expect((await withdraw(person, 'UNSUBSCRIBE_LINK')).errors).toBeUndefined();
    const before = await records();

    const imported = await grant(person, { source: 'IMPORT' });
    expect(imported.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'source' });
    expect(await records()).toBe(before);
    expect(await current(lead.email)).toEqual([expect.objectContaining({ status: 'WITHDRAWN' })]);

    expect((await grant(person, { source: 'WEB_FORM' })).errors).toBeUndefined();
    expect(await current(lead.email)).toEqual([expect.objectContaining({ status: 'GRANTED' })]);
  });

  it('keeps each channel apart', async () => {
    const lead = await marketing.ctx.newLead();
    await grant({ kind: 'LEAD', id: lead.id }, { channel: 'SMS' });
    await withdraw({ kind: 'LEAD', id: lead.id });
    expect(await current(lead.email)).toEqual([
      expect.objectContaining({ channel: 'EMAIL', status: 'WITHDRAWN' }),
      expect.objectContaining({ channel: 'SMS', status: 'GRANTED' }),
    ]);
  });

  it("records a contact's consent under the address and customer given, once sales knows the customer", async () => {
    const customerId = marketing.customers.add();
    const contactId = randomUUID();
    const res = await grant({ kind: 'CONTACT', id: contactId, email: ' Pat@Example.COM ', customerId });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordConsent).toMatchObject({ personKind: 'CONTACT', personId: contactId, customerId, email: 'pat@example.com' });
  });

  describe('refuses, naming the field, and writes nothing', () => {
    let lead: { id: string; email: string };
    beforeAll(async () => {
      lead = await marketing.ctx.newLead();
    });
    const cases: [string, () => Record<string, unknown>, string, string][] = [
      ['a grant without the text shown', () => ({ person: { kind: 'LEAD', id: lead.id }, textShown: null }), 'BAD_USER_INPUT', 'textShown'],
      ['a lead that does not exist', () => ({ person: { kind: 'LEAD', id: randomUUID() } }), 'NOT_FOUND', 'person.id'],
      ['a malformed person id', () => ({ person: { kind: 'LEAD', id: 'nope' } }), 'BAD_USER_INPUT', 'person.id'],
      [
        "a lead's address that is not the lead's",
        () => ({ person: { kind: 'LEAD', id: lead.id, email: 'x@y.com' } }),
        'BAD_USER_INPUT',
        'person.email',
      ],
      [
        'a contact without an address',
        () => ({ person: { kind: 'CONTACT', id: randomUUID(), customerId: randomUUID() } }),
        'BAD_USER_INPUT',
        'person.email',
      ],
      [
        'a contact of a customer sales does not have',
        () => ({ person: { kind: 'CONTACT', id: randomUUID(), email: 'a@b.com', customerId: randomUUID() } }),
        'NOT_FOUND',
        'person.customerId',
      ],
      ['a text too long', () => ({ person: { kind: 'LEAD', id: lead.id }, textShown: 'x'.repeat(4001) }), 'BAD_USER_INPUT', 'textShown'],
    ];
    it.each(cases)('%s', async (_name, input, code, field) => {
      const before = await records();
      const res = await grant({}, input());
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions).toMatchObject({ code, field });
      expect(await records()).toBe(before);
    });
  });

  describe('history', () => {
    let personId = '';
    let email = '';
    const seed = async () => {
      const lead = await marketing.ctx.newLead();
      personId = lead.id;
      email = lead.email;
      const p = { kind: 'LEAD', id: lead.id };
      for (const [source, status] of [
        ['WEB_FORM', 'GRANTED'],
        ['UNSUBSCRIBE_LINK', 'WITHDRAWN'],
        ['PREFERENCE_CENTER', 'GRANTED'],
        ['MANUAL', 'WITHDRAWN'],
        ['WEB_FORM', 'GRANTED'],
      ]) {
        const res = await record({
          person: p,
          channel: 'EMAIL',
          status,
          source,
          lawfulBasis: 'CONSENT',
          textShown: status === 'GRANTED' ? TEXT : null,
        });
        expect(res.errors).toBeUndefined();
      }
    };

    itPagesWithCursors({
      gql: () => gql,
      field: 'consentHistory',
      filterType: 'ConsentHistoryFilter!',
      label: 'source',
      seed,
      filter: () => ({ personId }),
      orders: { RECORDED_AT_DESC: ['WEB_FORM', 'MANUAL', 'PREFERENCE_CENTER', 'UNSUBSCRIBE_LINK', 'WEB_FORM'] },
    });

    it('is the same by address as by person', async () => {
      const q = `query($f: ConsentHistoryFilter!) { consentHistory(filter: $f, first: 10) { edges { node { id status } } } }`;
      const byEmail = await gql<{ consentHistory: unknown }>(q, { f: { email } });
      const byPerson = await gql<{ consentHistory: unknown }>(q, { f: { personId } });
      expect(byEmail.data).toEqual(byPerson.data);
    });
  });
});
