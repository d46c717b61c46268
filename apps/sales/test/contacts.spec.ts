import { fewestStatements, readsOf, useTestSubgraph } from '@crm/subgraph-testing';
import { ADMIN } from '@crm/testing';
import { salesSubgraph } from '../src/sales.subgraph';

const CONTACT =
  'id customerId firstName lastName fullName email phone title role emails { address type primary } phones { number type primary }';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('sales contacts', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const { gql } = sales;
  let customerId: string;
  const lastEventTypes = async (n: number) =>
    (await sales.sql<{ type: string }>('SELECT type FROM outbox ORDER BY seq DESC LIMIT $1', [n])).map((r) => r.type).reverse();
  const add = (i: Record<string, unknown>) =>
    gql<{ addContact: Record<string, unknown> & { id: string } }>(
      `mutation($i: AddContactInput!) { addContact(input: $i) { ${CONTACT} } }`,
      {
        i: { customerId, firstName: 'Ada', lastName: 'Lovelace', ...i },
      },
    );
  const update = (i: Record<string, unknown>) =>
    gql<{ updateContact: Record<string, unknown> }>(`mutation($i: UpdateContactInput!) { updateContact(input: $i) { ${CONTACT} } }`, { i });

  beforeAll(async () => {
    customerId = (await sales.ctx.newCustomer({ name: 'Contacts Ltd' })).id;
  });

  it('creates a contact with several typed emails and phones, one primary, role and title, and publishes it', async () => {
    const res = await add({
      title: 'CTO',
      role: 'Technical buyer',
      emails: [
        { address: 'Ada@Work.example', type: 'WORK' },
        { address: 'ada@home.example', type: 'HOME', primary: true },
      ],
      phones: [
        { number: '+44 20 7946 0000', type: 'WORK' },
        { number: '+44 7700 900000', type: 'MOBILE' },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.addContact).toMatchObject({
      fullName: 'Ada Lovelace',
      title: 'CTO',
      role: 'Technical buyer',
      email: 'ada@home.example',
      phone: '+44 20 7946 0000',
      emails: [
        { address: 'ada@work.example', type: 'WORK', primary: false },
        { address: 'ada@home.example', type: 'HOME', primary: true },
      ],
      phones: [
        { number: '+44 20 7946 0000', type: 'WORK', primary: true },
        { number: '+44 7700 900000', type: 'MOBILE', primary: false },
      ],
    });
    expect(await lastEventTypes(1)).toEqual(['crm.sales.contact.added.v1']);
    const read = await gql<{ contact: Record<string, unknown> }>(`query($id: ID!) { contact(id: $id) { ${CONTACT} } }`, {
      id: res.data!.addContact.id,
    });
    expect(read.data!.contact).toEqual(res.data!.addContact);
  });

  it('resolves contacts by key, batched, for the records search hits point at: an unknown id as null', async () => {
    const added = await add({ email: 'entity@contacts.example' });
    const res = await gql<{ _entities: ({ id: string; fullName: string } | null)[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Contact { id fullName } } }',
      {
        r: [
          { __typename: 'Contact', id: added.data!.addContact.id },
          { __typename: 'Contact', id: UNKNOWN },
          { __typename: 'Contact', id: 'nope' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([{ id: added.data!.addContact.id, fullName: 'Ada Lovelace' }, null, null]);
  });

  it('keeps the single email and phone shorthand as the primary WORK entries', async () => {
    const res = await add({ email: 'short@hand.example', phone: '+1 555 0100' });
    expect(res.data!.addContact).toMatchObject({
      email: 'short@hand.example',
      emails: [{ address: 'short@hand.example', type: 'WORK', primary: true }],
      phones: [{ number: '+1 555 0100', type: 'WORK', primary: true }],
    });
  });

  it('updates names, title, role and replaces the emails and phones, publishing what changed', async () => {
    const created = await add({ emails: [{ address: 'old@x.example' }], phones: [{ number: '+1 555 0101' }], title: 'Engineer' });
    const id = created.data!.addContact.id;
    const res = await update({
      id,
      lastName: 'King',
      title: null,
      role: 'Champion',
      emails: [
        { address: 'new@x.example', type: 'WORK' },
        { address: 'alt@x.example', type: 'OTHER' },
      ],
      phones: [],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateContact).toMatchObject({
      fullName: 'Ada King',
      title: null,
      role: 'Champion',
      email: 'new@x.example',
      phone: null,
      emails: [
        { address: 'new@x.example', type: 'WORK', primary: true },
        { address: 'alt@x.example', type: 'OTHER', primary: false },
      ],
      phones: [],
    });
    const [event] = await sales.sql<{
      type: string;
      data: { changed: string[]; changes: { field: string; old: unknown; new: unknown }[]; email: string; updatedBy: string };
    }>('SELECT type, data FROM outbox ORDER BY seq DESC LIMIT 1');
    expect(event!.type).toBe('crm.sales.contact.updated.v2');
    expect(event!.data.changed.sort()).toEqual(['emails', 'lastName', 'phones', 'role', 'title']);
    expect(event!.data.changes.map((c) => c.field).sort()).toEqual(event!.data.changed);
    expect(event!.data.changes.find((c) => c.field === 'title')!.new).toBeNull();
    expect(event!.data.changes.find((c) => c.field === 'emails')!.new).toEqual([
      { address: 'new@x.example', type: 'WORK', primary: true },
      { address: 'alt@x.example', type: 'OTHER', primary: false },
    ]);
    expect(event!.data.updatedBy).toBe(ADMIN.userId);
    expect(event!.data.email).toBe('new@x.example');

    // The same values again change nothing and publish nothing.
    const before = await sales.count('outbox');
    await update({ id, lastName: 'King', emails: [{ address: 'new@x.example' }, { address: 'alt@x.example', type: 'OTHER' }] });
    expect(await sales.count('outbox')).toBe(before);
  });

  it('deletes a contact with its emails and phones, publishes it, and then answers NOT_FOUND', async () => {
    const created = await add({ emails: [{ address: 'gone@x.example' }], phones: [{ number: '+1 555 0102' }] });
    const id = created.data!.addContact.id;
    const res = await gql<{ deleteContact: { id: string } }>('mutation($id: ID!) { deleteContact(id: $id) { id } }', { id });
    expect(res.data!.deleteContact.id).toBe(id);
    expect(await lastEventTypes(1)).toEqual(['crm.sales.contact.deleted.v1']);
    expect(await sales.sql('SELECT 1 FROM contact_email WHERE contact_id = $1', [id])).toEqual([]);
    expect(await sales.sql('SELECT 1 FROM contact_phone WHERE contact_id = $1', [id])).toEqual([]);
    expect((await gql<{ contact: null }>('query($id: ID!) { contact(id: $id) { id } }', { id })).data!.contact).toBeNull();
    for (const op of [
      'mutation($id: ID!) { deleteContact(id: $id) { id } }',
      'mutation($id: ID!) { updateContact(input: { id: $id, title: "x" }) { id } }',
    ]) {
      const again = await gql(op, { id });
      expect(again.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it.each([
    [
      'two primary emails',
      {
        emails: [
          { address: 'a@x.example', primary: true },
          { address: 'b@x.example', primary: true },
        ],
      },
      'emails',
    ],
    ['the same email twice', { emails: [{ address: 'a@x.example' }, { address: 'A@x.example' }] }, 'emails'],
    ['a malformed email in the list', { emails: [{ address: 'nope' }] }, 'emails.0.address'],
    ['an unknown email type', { emails: [{ address: 'a@x.example', type: 'PAGER' }] }, 'emails[0].type'],
    ['a malformed phone', { phones: [{ number: 'call me' }] }, 'phones.0.number'],
    [
      'two primary phones',
      {
        phones: [
          { number: '+1 555 0103', primary: true },
          { number: '+1 555 0104', primary: true },
        ],
      },
      'phones',
    ],
    ['both email and emails', { email: 'a@x.example', emails: [{ address: 'b@x.example' }] }, 'email'],
    ['too long a role', { role: 'x'.repeat(101) }, 'role'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, i, field) => {
    const before = [await sales.count('contact'), await sales.count('contact_email'), await sales.count('outbox')];
    const res = await add(i);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect([await sales.count('contact'), await sales.count('contact_email'), await sales.count('outbox')]).toEqual(before);
  });

  it('refuses a bad update naming the field and leaves the contact as it was', async () => {
    const created = await add({ emails: [{ address: 'keep@x.example' }] });
    const id = created.data!.addContact.id;
    const res = await update({
      id,
      firstName: 'Changed',
      emails: [
        { address: 'a@x.example', primary: true },
        { address: 'b@x.example', primary: true },
      ],
    });
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'emails' });
    const read = await gql<{ contact: Record<string, unknown> }>(`query($id: ID!) { contact(id: $id) { ${CONTACT} } }`, { id });
    expect(read.data!.contact).toEqual(created.data!.addContact);
  });

  it('answers NOT_FOUND for a contact of an unknown customer', async () => {
    const res = await gql('mutation($i: AddContactInput!) { addContact(input: $i) { id } }', {
      i: { customerId: UNKNOWN, firstName: 'No', lastName: 'Body' },
    });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('finds duplicates by any of a contact’s emails, not only the primary one', async () => {
    await add({ emails: [{ address: 'primary@dup.example' }, { address: 'secondary@dup.example' }] });
    const res = await gql<{ customerDuplicates: { id: string }[] }>('query { customerDuplicates(email: "SECONDARY@dup.example") { id } }');
    expect(res.data!.customerDuplicates).toEqual([{ id: customerId }]);
  });

  it('resolves the emails and phones of 100 customers’ contacts in as many SQL statements as of 10', async () => {
    const tag = 'contact-points-batch';
    for (let i = 0; i < 100; i++) {
      const created = await gql<{ createCustomer: { id: string } }>(
        'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }',
        {
          i: { name: `Points ${i}`, tags: [tag] },
        },
      );
      const res = await gql('mutation($i: AddContactInput!) { addContact(input: $i) { id } }', {
        i: {
          customerId: created.data!.createCustomer.id,
          firstName: 'P',
          lastName: `${i}`,
          emails: [{ address: `p${i}@work.example` }, { address: `p${i}@home.example`, type: 'HOME' }],
          phones: [{ number: `+1 555 ${1000 + i}`, type: 'MOBILE' }],
        },
      });
      expect(res.errors).toBeUndefined();
    }
    const list = (first: number) =>
      fewestStatements(
        async () => {
          const res = await gql<{ customers: { edges: { node: { contacts: { emails: unknown[]; phones: unknown[] }[] } }[] } }>(
            'query($first: Int, $f: CustomerFilter) { customers(first: $first, filter: $f) { edges { node { contacts { id emails { address } phones { number } } } } } }',
            { first, f: { tag } },
          );
          expect(res.data!.customers.edges).toHaveLength(first);
          expect(
            res.data!.customers.edges.every((e) => e.node.contacts[0]!.emails.length === 2 && e.node.contacts[0]!.phones.length === 1),
          ).toBe(true);
        },
        readsOf('customer', 'contact'),
      );
    const { statements: forTen } = await list(10);
    const { statements: forHundred } = await list(100);
    expect(forHundred).toBe(forTen);
    // customers page, contacts, emails, phones
    expect(forTen).toBeLessThanOrEqual(4);
  });
});
