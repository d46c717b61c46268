import { ADMIN, asPartner } from '@crm/testing';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { partnersSubgraph } from '../src/partners.subgraph';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
/** People are token subjects: UUIDs. */
const user = (n: number) => `00000000-0000-4000-a000-${n.toString().padStart(12, '0')}`;

const PROFILE = 'id name kind tier status territory channelManagerId';
const UPDATE = `mutation($i: UpdatePartnerInput!) { updatePartner(input: $i) { ${PROFILE} } }`;
const ADD_USER = 'mutation($i: AddPartnerUserInput!) { addPartnerUser(input: $i) { id users { userId name email } } }';
const REMOVE_USER = 'mutation($i: RemovePartnerUserInput!) { removePartnerUser(input: $i) { id users { userId } } }';
const UNLINK = 'mutation($i: LinkPartnerInput!) { unlinkPartnerFromCustomer(input: $i) { id customerLinks { customerId } } }';

interface Profile {
  id: string;
  name: string;
  kind: string;
  tier: string;
  status: string;
  territory: string[];
  channelManagerId: string | null;
}

/** The partner profile (type, tier, status, territory, channel manager), its users, and unlinking, through GraphQL. */
describe('partners subgraph: profile, users and unlinking', () => {
  const sub = useTestSubgraph(partnersSubgraph);
  const { gql } = sub;
  const written = async () => (await sub.count('partner_user')) + (await sub.count('partner_customer_link')) + (await sub.count('outbox'));
  const events = (partnerId: string, type: string, version = 'v1') =>
    sub.sql<{ data: Record<string, unknown> }>(`SELECT data FROM outbox WHERE type = $1 AND data->>'partnerId' = $2 ORDER BY seq`, [
      `crm.partners.partner.${type}.${version}`,
      partnerId,
    ]);
  const create = async (input: Record<string, unknown>): Promise<Profile> => {
    const res = await gql<{ createPartner: Profile }>(`mutation($i: CreatePartnerInput!) { createPartner(input: $i) { ${PROFILE} } }`, {
      i: input,
    });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createPartner;
  };
  const update = (i: Record<string, unknown>) => gql<{ updatePartner: Profile }>(UPDATE, { i });

  it('creates a partner as a REGISTERED PROSPECT with the type, territory and channel manager given', async () => {
    const p = await create({ name: 'Profiled', kind: 'DISTRIBUTOR', territory: [' de', 'FR', 'emea', 'DE'], channelManagerId: user(901) });
    expect(p).toMatchObject({
      kind: 'DISTRIBUTOR',
      tier: 'REGISTERED',
      status: 'PROSPECT',
      territory: ['DE', 'FR', 'EMEA'],
      channelManagerId: user(901),
    });
  });

  it('points at the channel manager as a User key that sales resolves, keeping channelManagerId, and at none when unset', async () => {
    const managed = await create({ name: 'Managed', channelManagerId: user(903) });
    const unmanaged = await create({ name: 'Unmanaged' });
    const MANAGER = 'query($id: ID!) { partner(id: $id) { channelManagerId channelManager { __typename id } } }';
    expect((await gql(MANAGER, { id: managed.id })).data).toEqual({
      partner: { channelManagerId: user(903), channelManager: { __typename: 'User', id: user(903) } },
    });
    expect((await gql(MANAGER, { id: unmanaged.id })).data).toEqual({ partner: { channelManagerId: null, channelManager: null } });
    // The partner itself reads the same key on its own record.
    expect((await sub.gqlAs(asPartner(managed.id))(MANAGER, { id: managed.id })).data).toEqual({
      partner: { channelManagerId: user(903), channelManager: { __typename: 'User', id: user(903) } },
    });
  });

  it('changes only the fields given, publishes what changed, and a repeat changes and publishes nothing', async () => {
    const p = await create({ name: 'Updatable', territory: ['US'] });
    const res = await update({ id: p.id, tier: 'GOLD', territory: ['CA', 'us'], channelManagerId: user(902), kind: 'TECHNOLOGY' });
    expect(res.data!.updatePartner).toEqual({
      ...p,
      tier: 'GOLD',
      kind: 'TECHNOLOGY',
      territory: ['CA', 'US'],
      channelManagerId: user(902),
    });
    const before = await written();
    expect((await update({ id: p.id, tier: 'GOLD', name: 'Updatable' })).data!.updatePartner.tier).toBe('GOLD');
    expect(await written()).toBe(before);

    const cleared = await update({ id: p.id, channelManagerId: null, name: 'Updated Name' });
    expect(cleared.data!.updatePartner).toMatchObject({ name: 'Updated Name', channelManagerId: null, tier: 'GOLD' });
    // v2 only, with each field's old and new value, who changed it, and the channel manager after it.
    expect(await events(p.id, 'updated')).toEqual([]);
    expect((await events(p.id, 'updated', 'v2')).map((e) => e.data)).toEqual([
      {
        partnerId: p.id,
        changes: [
          { field: 'kind', old: 'RESELLER', new: 'TECHNOLOGY' },
          { field: 'tier', old: 'REGISTERED', new: 'GOLD' },
          { field: 'territory', old: ['US'], new: ['CA', 'US'] },
          { field: 'channelManagerId', old: null, new: user(902) },
        ],
        name: 'Updatable',
        kind: 'TECHNOLOGY',
        tier: 'GOLD',
        territory: ['CA', 'US'],
        channelManagerId: user(902),
        updatedBy: ADMIN.userId,
        updatedAt: expect.any(String),
      },
      expect.objectContaining({
        changes: [
          { field: 'name', old: 'Updatable', new: 'Updated Name' },
          { field: 'channelManagerId', old: user(902), new: null },
        ],
        channelManagerId: null,
        updatedBy: ADMIN.userId,
      }),
    ]);
    expect(await events(p.id, 'status-changed')).toEqual([]);
  });

  it('moves the status with an event of its own', async () => {
    const p = await create({ name: 'Status Mover' });
    await update({ id: p.id, status: 'ACTIVE' });
    expect((await update({ id: p.id, status: 'SUSPENDED' })).data!.updatePartner.status).toBe('SUSPENDED');
    expect((await events(p.id, 'status-changed')).map((e) => [e.data.from, e.data.to])).toEqual([
      ['PROSPECT', 'ACTIVE'],
      ['ACTIVE', 'SUSPENDED'],
    ]);
    expect(await events(p.id, 'updated', 'v2')).toEqual([]);
  });

  it('refuses a rename to a name another partner has, naming the field and writing nothing', async () => {
    await create({ name: 'Taken Name' });
    const p = await create({ name: 'Renamer' });
    const before = await written();
    const res = await update({ id: p.id, name: ' TAKEN  name ', tier: 'SILVER' });
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(await written()).toBe(before);
    expect((await gql<{ partner: Profile }>(`query($id: ID!) { partner(id: $id) { ${PROFILE} } }`, { id: p.id })).data!.partner).toEqual(p);
  });

  it('answers NOT_FOUND for a partner that does not exist', async () => {
    expect((await update({ id: uuid(404), tier: 'GOLD' })).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
  });

  it('adds and removes the people at a partner, each user id at one partner only', async () => {
    const p = await create({ name: 'Peopled' });
    const other = await create({ name: 'Other People' });
    const added = await gql<{ addPartnerUser: { users: unknown[] } }>(ADD_USER, {
      i: { partnerId: p.id, userId: user(1), name: 'Zed', email: ' Zed@Example.com ' },
    });
    await gql(ADD_USER, { i: { partnerId: p.id, userId: user(2), name: 'Amy', email: 'amy@example.com' } });
    expect(added.data!.addPartnerUser.users).toEqual([{ userId: user(1), name: 'Zed', email: 'zed@example.com' }]);

    const before = await written();
    const elsewhere = await gql(ADD_USER, { i: { partnerId: other.id, userId: user(1), name: 'Zed', email: 'zed@example.com' } });
    expect(elsewhere.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'userId' });
    expect(await written()).toBe(before);

    const removed = await gql<{ removePartnerUser: { users: { userId: string }[] } }>(REMOVE_USER, {
      i: { partnerId: p.id, userId: user(1) },
    });
    expect(removed.data!.removePartnerUser.users).toEqual([{ userId: user(2) }]);
    const again = await gql(REMOVE_USER, { i: { partnerId: p.id, userId: user(1) } });
    expect(again.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'userId' });
    expect((await events(p.id, 'user-added')).map((e) => e.data.userId)).toEqual([user(1), user(2)]);
    expect((await events(p.id, 'user-removed')).map((e) => e.data.userId)).toEqual([user(1)]);
  });

  it('shows a partner its own users and nobody else’s', async () => {
    const a = await create({ name: 'Users A' });
    const b = await create({ name: 'Users B' });
    await gql(ADD_USER, { i: { partnerId: a.id, userId: user(11), name: 'A One', email: 'a1@example.com' } });
    await gql(ADD_USER, { i: { partnerId: b.id, userId: user(12), name: 'B One', email: 'b1@example.com' } });
    const asA = sub.gqlAs(asPartner(a.id));
    const own = await asA<{ partner: { users: { userId: string }[] } }>('query($id: ID!) { partner(id: $id) { users { userId } } }', {
      id: a.id,
    });
    expect(own.data!.partner.users).toEqual([{ userId: user(11) }]);
    expect(await asA('query($id: ID!) { partner(id: $id) { users { userId } } }', { id: b.id })).toEqual({ data: { partner: null } });
    await sub.asApp(a.id, async (c) => {
      expect((await c.query('SELECT user_id FROM partner_user')).rows).toEqual([{ user_id: user(11) }]);
      await expect(
        c.query(`INSERT INTO partner_user (partner_id, user_id, name, email, added_at) VALUES ($1, $2, 'x', 'x@x.io', now())`, [
          b.id,
          user(13),
        ]),
      ).rejects.toThrow(/row-level security/);
    });
    await sub.asApp(null, async (c) => expect((await c.query('SELECT * FROM partner_user')).rowCount).toBe(0));
    const refused = await asA(UPDATE, { i: { id: a.id, status: 'ACTIVE' } });
    expect(refused.errors![0]!.extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it('unlinks a customer once: the link goes, one event says so, and unlinking again changes nothing', async () => {
    const p = await create({ name: 'Unlinker' });
    const [keep, drop] = [uuid(11), uuid(12)];
    for (const customerId of [keep, drop]) {
      await gql('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }', {
        i: { partnerId: p.id, customerId: sub.customers.add(customerId) },
      });
    }
    const res = await gql<{ unlinkPartnerFromCustomer: { customerLinks: { customerId: string }[] } }>(UNLINK, {
      i: { partnerId: p.id, customerId: drop.toUpperCase() },
    });
    expect(res.data!.unlinkPartnerFromCustomer.customerLinks).toEqual([{ customerId: keep }]);
    const before = await written();
    expect((await gql(UNLINK, { i: { partnerId: p.id, customerId: drop } })).errors).toBeUndefined();
    expect(await written()).toBe(before);
    expect((await events(p.id, 'customer-unlinked')).map((e) => e.data)).toEqual([
      { partnerId: p.id, customerId: drop, partnerName: 'Unlinker', unlinkedAt: expect.any(String) },
    ]);
    expect((await gql(UNLINK, { i: { partnerId: uuid(404), customerId: keep } })).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
  });

  const CREATE = 'mutation($i: CreatePartnerInput!) { createPartner(input: $i) { id } }';
  it.each([
    ['an unknown country', CREATE, { i: { name: 'Terr 1', territory: ['DE', 'XX'] } }, 'territory', /"XX" is neither/],
    ['a territory that is no list of codes', CREATE, { i: { name: 'Terr 2', territory: [''] } }, 'territory', /"" is neither/],
    ['an unknown tier', CREATE, { i: { name: 'Tier', tier: 'DIAMOND' } }, 'tier', /./],
    ['a channel manager that is no user id', CREATE, { i: { name: 'Cm', channelManagerId: 'bob' } }, 'channelManagerId', /UUID/],
    ['a null name', UPDATE, { i: { id: uuid(1), name: null } }, 'name', /cannot be null/],
    ['a null tier', UPDATE, { i: { id: uuid(1), tier: null } }, 'tier', /cannot be null/],
    ['a null status', UPDATE, { i: { id: uuid(1), status: null } }, 'status', /cannot be null/],
    ['a null territory', UPDATE, { i: { id: uuid(1), territory: null } }, 'territory', /cannot be null/],
    ['a null kind', UPDATE, { i: { id: uuid(1), kind: null } }, 'kind', /cannot be null/],
    ['an unknown status', UPDATE, { i: { id: uuid(1), status: 'BANNED' } }, 'status', /./],
    ['a malformed id', UPDATE, { i: { id: 'acme', tier: 'GOLD' } }, 'id', /UUID/],
    ['a bad email', ADD_USER, { i: { partnerId: uuid(1), userId: user(3), name: 'U', email: 'nope' } }, 'email', /email/],
    [
      'a user id that is no UUID',
      ADD_USER,
      { i: { partnerId: uuid(1), userId: 'bob', name: 'U', email: 'u@example.com' } },
      'userId',
      /UUID/,
    ],
    ['a blank user name', ADD_USER, { i: { partnerId: uuid(1), userId: user(3), name: '', email: 'u@example.com' } }, 'name', /1 to 200/],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, query, variables, field, message) => {
    const before = (await written()) + (await sub.count('partner'));
    const res = await gql(query, variables);
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(res.errors![0]!.message).toMatch(message);
    expect((await written()) + (await sub.count('partner'))).toBe(before);
  });
});
