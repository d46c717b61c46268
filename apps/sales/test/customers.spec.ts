import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';

describe('sales customers', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const { gql } = sales;
  const createCustomer = async (name: string, domain?: string): Promise<string> => (await sales.ctx.newCustomer({ name, domain })).id;
  const duplicates = async (args: { email?: string; domain?: string }) => {
    const res = await gql<{ customerDuplicates: { id: string }[] }>(
      'query($email: String, $domain: String) { customerDuplicates(email: $email, domain: $domain) { id } }',
      args,
    );
    return res;
  };

  it('finds candidates by contact email and by domain, case-insensitively', async () => {
    const byDomain = await createCustomer('Dup Domain Ltd', 'dup-domain.example');
    const byEmail = await createCustomer('Dup Email Ltd');
    await createCustomer('Unrelated Ltd', 'unrelated.example');
    await gql('mutation($i: AddContactInput!) { addContact(input: $i) { id } }', {
      i: { customerId: byEmail, firstName: 'Grace', lastName: 'Hopper', email: 'Grace@Dup-Email.example' },
    });

    expect((await duplicates({ domain: 'DUP-DOMAIN.example' })).data!.customerDuplicates).toEqual([{ id: byDomain }]);
    expect((await duplicates({ email: 'GRACE@dup-email.EXAMPLE' })).data!.customerDuplicates).toEqual([{ id: byEmail }]);
    expect((await duplicates({ email: 'grace@dup-email.example', domain: 'dup-domain.example' })).data!.customerDuplicates).toEqual([
      { id: byDomain },
      { id: byEmail },
    ]);
    expect((await duplicates({ email: 'nobody@nowhere.example' })).data!.customerDuplicates).toEqual([]);
  });

  it.each([
    ['neither email nor domain', {}, 'email'],
    ['a malformed email', { email: 'nope' }, 'email'],
    ['a malformed domain', { domain: 'not a domain' }, 'domain'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_case, args, field) => {
    const res = await duplicates(args);
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('answers null for an _entities key that is not an id, on every sales entity, without reaching SQL', async () => {
    const types = ['Customer', 'Contact', 'User', 'Opportunity'];
    const res = await gql<{ _entities: (object | null)[] }>('query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', {
      r: types.flatMap((t) => [
        { __typename: t, id: 'nope' },
        { __typename: t, id: "x'; SELECT 1 --" },
        { __typename: t, id: 42 },
      ]),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual(types.flatMap(() => [null, null, null]));
  });

  it('soft-deletes a customer out of lookups, lists, _entities and duplicates, and restores it, publishing both', async () => {
    const id = await createCustomer('Soft Delete Ltd', 'soft-delete.example');
    const visible = async () => {
      const res = await gql<{
        customer: { id: string } | null;
        customers: { edges: { node: { id: string } }[] };
        _entities: ({ id: string } | null)[];
        customerDuplicates: { id: string }[];
      }>(
        `query($id: ID!, $r: [_Any!]!) {
          customer(id: $id) { id }
          customers(filter: { nameContains: "Soft Delete" }) { edges { node { id } } }
          _entities(representations: $r) { ... on Customer { id } }
          customerDuplicates(domain: "soft-delete.example") { id }
        }`,
        { id, r: [{ __typename: 'Customer', id }] },
      );
      const d = res.data!;
      return [d.customer, d.customers.edges.length, d._entities[0], d.customerDuplicates.length];
    };
    expect(await visible()).toEqual([{ id }, 1, { id }, 1]);
    const outboxBefore = await sales.count('outbox');

    const deleted = await gql<{ deleteCustomer: { id: string; deletedAt: string | null } }>(
      'mutation($id: ID!) { deleteCustomer(id: $id) { id deletedAt } }',
      { id },
    );
    expect(deleted.data!.deleteCustomer.deletedAt).not.toBeNull();
    expect(await visible()).toEqual([null, 0, null, 0]);
    const again = await gql('mutation($id: ID!) { deleteCustomer(id: $id) { id } }', { id });
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const contact = await gql('mutation($i: AddContactInput!) { addContact(input: $i) { id } }', {
      i: { customerId: id, firstName: 'Late', lastName: 'Comer' },
    });
    expect(contact.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });

    const restored = await gql<{ restoreCustomer: { id: string; deletedAt: string | null } }>(
      'mutation($id: ID!) { restoreCustomer(id: $id) { id deletedAt } }',
      { id },
    );
    expect(restored.data!.restoreCustomer).toEqual({ id, deletedAt: null });
    expect(await visible()).toEqual([{ id }, 1, { id }, 1]);
    // One deleted and one restored event; the refused writes published nothing.
    expect(await sales.count('outbox')).toBe(outboxBefore + 2);
  });

  it('answers NOT_FOUND for deleting or restoring an unknown customer', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const op of ['deleteCustomer', 'restoreCustomer']) {
      const res = await gql(`mutation($id: ID!) { ${op}(id: $id) { id } }`, { id });
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('keeps tier, owner and tags, filters on them, and refuses bad ones naming the field', async () => {
    const ownerId = '11111111-1111-4111-8111-111111111111';
    const created = await gql<{ createCustomer: { id: string; tier: number; ownerId: string; tags: string[] } }>(
      'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id tier ownerId tags } }',
      { i: { name: 'Tiered Ltd', tier: 1, ownerId, tags: [' VIP ', 'vip', 'emea'] } },
    );
    expect(created.data!.createCustomer).toMatchObject({ tier: 1, ownerId, tags: ['vip', 'emea'] });
    const id = created.data!.createCustomer.id;
    const list = async (filter: Record<string, unknown>) =>
      (
        await gql<{ customers: { edges: { node: { id: string } }[] } }>(
          'query($f: CustomerFilter) { customers(filter: $f) { edges { node { id } } } }',
          { f: filter },
        )
      ).data!.customers.edges.map((e) => e.node.id);
    expect(await list({ tier: 1, ownerId, tag: 'VIP' })).toEqual([id]);
    expect(await list({ tag: 'apac', nameContains: 'Tiered' })).toEqual([]);

    const updated = await gql<{ updateCustomer: { tier: number | null; tags: string[] } }>(
      'mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { tier tags } }',
      { i: { id, tier: null, tags: null } },
    );
    expect(updated.data!.updateCustomer).toEqual({ tier: null, tags: [] });

    for (const [i, field] of [
      [{ name: 'Bad', tier: 9 }, 'tier'],
      [{ name: 'Bad', ownerId: 'me' }, 'ownerId'],
      [{ name: 'Bad', tags: [''] }, 'tags'],
    ] as const) {
      const before = await sales.count('customer');
      const res = await gql('mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i });
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(await sales.count('customer')).toBe(before);
    }
  });
});
