import { ADMIN, itPagesWithCursors } from '@crm/testing';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi } from './deals.test-helper';

const USER = 'id name email title timeZone active managerId regionalOffice';
const ids = {
  rep: 'b0000000-0000-4000-8000-000000000001',
  boss: 'b0000000-0000-4000-8000-000000000002',
  chief: 'b0000000-0000-4000-8000-000000000003',
  newcomer: 'b0000000-0000-4000-8000-000000000004',
  missing: 'b0000000-0000-4000-8000-0000000000ff',
};

interface UserShape {
  id: string;
  name: string;
  email: string | null;
  timeZone: string | null;
  active: boolean;
  managerId: string | null;
}

describe('the user directory and teams', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  const events = async (type: string) =>
    sales.sql<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM outbox WHERE type = $1 ORDER BY seq', [type]);
  const createUser = (i: Record<string, unknown>) =>
    sales.gql<{ createUser: UserShape }>(`mutation($i: CreateUserInput!) { createUser(input: $i) { ${USER} } }`, { i });
  const updateUser = (i: Record<string, unknown>) =>
    sales.gql<{ updateUser: UserShape }>(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { ${USER} } }`, { i });
  /** A refused call: one error, and nothing written. */
  const refused = (call: () => Promise<{ errors?: { extensions?: Record<string, unknown>; message: string }[] }>) =>
    api.refused(['app_user', 'team', 'team_member'], call);

  describe('first sign-in', () => {
    const rep = {
      roles: ['sales' as const],
      userId: ids.rep,
      profile: { name: 'Rita Rep', email: 'Rita@Example.com', zoneinfo: 'europe/berlin' },
    };

    it("puts a new caller in the directory from the token's claims, once", async () => {
      const first = await sales.gqlAs(rep)<{ me: UserShape }>(`{ me { ${USER} } }`);
      expect(first.errors).toBeUndefined();
      expect(first.data!.me).toMatchObject({
        id: ids.rep,
        name: 'Rita Rep',
        email: 'rita@example.com',
        timeZone: 'Europe/Berlin',
        active: true,
        managerId: null,
      });
      const outbox = await sales.count('outbox');
      // Known now: the next requests write nothing.
      for (let i = 0; i < 3; i++) expect((await sales.gqlAs(rep)(`{ me { id } }`)).errors).toBeUndefined();
      expect(await sales.count('outbox')).toBe(outbox);
      const created = (await events('crm.sales.user.created.v1')).filter((e) => e.data.userId === ids.rep);
      expect(created).toHaveLength(1);
      expect(created[0]!.data).toMatchObject({ origin: 'SIGN_IN', name: 'Rita Rep', timeZone: 'Europe/Berlin' });
    });

    it('names a user whose token has no profile claims after their email or id, and leaves partner users out', async () => {
      const bare = await sales.gqlAs({ roles: ['service'], userId: ids.newcomer })<{ me: UserShape }>('{ me { name email } }');
      expect(bare.data!.me).toEqual({ name: 'User b0000000', email: null });
      const users = await sales.count('app_user');
      await sales.gqlAs({ roles: ['partner'], partnerId: ids.missing, userId: ids.missing })('{ __typename }');
      expect(await sales.count('app_user')).toBe(users);
    });
  });

  describe('managed by an admin', () => {
    it('creates users ahead of sign-in, with a manager, and keeps the time zone canonical', async () => {
      const chief = await createUser({ id: ids.chief, name: 'Carla Chief', regionalOffice: 'Central', timeZone: 'US/Pacific' });
      expect(chief.errors).toBeUndefined();
      expect(chief.data!.createUser).toMatchObject({ id: ids.chief, timeZone: 'America/Los_Angeles', active: true });
      const boss = await createUser({ id: ids.boss, name: 'Bob Boss', managerId: ids.chief, title: 'Sales Manager' });
      expect(boss.data!.createUser.managerId).toBe(ids.chief);
      const res = await updateUser({ id: ids.rep, managerId: ids.boss, title: 'Account Executive', regionalOffice: 'Central' });
      expect(res.errors).toBeUndefined();
      const me = await sales.gqlAs({ roles: ['sales'], userId: ids.rep })<{
        me: { manager: { name: string; manager: { name: string } } };
      }>('{ me { manager { name manager { name } } } }');
      expect(me.data!.me.manager).toEqual({ name: 'Bob Boss', manager: { name: 'Carla Chief' } });
      const [updated] = (await events('crm.sales.user.updated.v1')).filter((e) => e.data.userId === ids.rep);
      expect(updated!.data).toMatchObject({ changed: ['title', 'managerId', 'regionalOffice'], managerId: ids.boss });
    });

    it('deactivates and reactivates, publishing each change once', async () => {
      const off = await sales.gql<{ deactivateUser: UserShape }>(`mutation($id: ID!) { deactivateUser(id: $id) { active } }`, {
        id: ids.newcomer,
      });
      expect(off.data!.deactivateUser.active).toBe(false);
      const outbox = await sales.count('outbox');
      await sales.gql(`mutation($id: ID!) { deactivateUser(id: $id) { active } }`, { id: ids.newcomer });
      expect(await sales.count('outbox')).toBe(outbox);
      const inactive = await sales.gql<{ users: { edges: { node: { id: string } }[] } }>(
        '{ users(filter: { active: false }) { edges { node { id } } } }',
      );
      expect(inactive.data!.users.edges.map((e) => e.node.id)).toEqual([ids.newcomer]);
      await sales.gql(`mutation($id: ID!) { reactivateUser(id: $id) { active } }`, { id: ids.newcomer });
      expect((await events('crm.sales.user.active-changed.v1')).map((e) => e.data.active)).toEqual([false, true]);
    });

    it('resolves a User by key through _entities, as other subgraphs reference it', async () => {
      const res = await sales.gql<{ _entities: { name: string }[] }>(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { name } } }',
        { r: [{ __typename: 'User', id: ids.boss }] },
      );
      expect(res.data!._entities).toEqual([{ name: 'Bob Boss' }]);
    });
  });

  describe('teams', () => {
    let teamId: string;

    it('creates a team with a manager and members, listed both ways', async () => {
      const res = await sales.gql<{ createTeam: { id: string; manager: { name: string }; members: { id: string }[] } }>(
        `mutation($i: CreateTeamInput!) { createTeam(input: $i) { id manager { name } members { id } } }`,
        { i: { name: 'Central Hunters', managerId: ids.boss, memberIds: [ids.rep, ids.rep.toUpperCase()] } },
      );
      expect(res.errors).toBeUndefined();
      teamId = res.data!.createTeam.id;
      expect(res.data!.createTeam).toMatchObject({ manager: { name: 'Bob Boss' }, members: [{ id: ids.rep }] });
      const user = await sales.gql<{ user: { teams: { name: string }[] } }>('query($id: ID!) { user(id: $id) { teams { name } } }', {
        id: ids.rep,
      });
      expect(user.data!.user.teams).toEqual([{ name: 'Central Hunters' }]);
      const [changed] = await events('crm.sales.team.members-changed.v1');
      expect(changed!.data).toMatchObject({ teamId, added: [ids.rep], removed: [], memberIds: [ids.rep] });
    });

    it('adds and removes members, publishing only what changed', async () => {
      const add = await sales.gql<{ addTeamMembers: { members: { id: string }[] } }>(
        'mutation($i: TeamMembersInput!) { addTeamMembers(input: $i) { members { id } } }',
        { i: { teamId, userIds: [ids.rep, ids.newcomer] } },
      );
      expect(add.data!.addTeamMembers.members.map((m) => m.id).sort()).toEqual([ids.newcomer, ids.rep].sort());
      const members = await sales.gql<{ users: { edges: { node: { id: string } }[] } }>(
        'query($t: ID!) { users(filter: { teamId: $t }) { edges { node { id } } } }',
        { t: teamId },
      );
      expect(members.data!.users.edges).toHaveLength(2);
      await sales.gql('mutation($i: TeamMembersInput!) { removeTeamMembers(input: $i) { id } }', {
        i: { teamId, userIds: [ids.newcomer] },
      });
      const outbox = await sales.count('outbox');
      await sales.gql('mutation($i: TeamMembersInput!) { removeTeamMembers(input: $i) { id } }', {
        i: { teamId, userIds: [ids.newcomer] },
      });
      expect(await sales.count('outbox')).toBe(outbox);
      const changes = (await events('crm.sales.team.members-changed.v1')).map((e) => [e.data.added, e.data.removed]);
      expect(changes).toEqual([
        [[ids.rep], []],
        [[ids.newcomer], []],
        [[], [ids.newcomer]],
      ]);
    });

    it('renames a team and deletes one, with their events', async () => {
      const other = await sales.gql<{ createTeam: { id: string } }>('mutation { createTeam(input: { name: "Temp" }) { id } }');
      const renamed = await sales.gql<{ updateTeam: { name: string } }>(
        'mutation($i: UpdateTeamInput!) { updateTeam(input: $i) { name } }',
        {
          i: { id: other.data!.createTeam.id, name: 'Farmers' },
        },
      );
      expect(renamed.data!.updateTeam.name).toBe('Farmers');
      await sales.gql('mutation($id: ID!) { deleteTeam(id: $id) { id } }', { id: other.data!.createTeam.id });
      expect(await sales.count('team')).toBe(1);
      expect((await events('crm.sales.team.deleted.v1')).map((e) => e.data.teamId)).toEqual([other.data!.createTeam.id]);
    });

    it('refuses a second team of the same name, naming the field', async () => {
      const e = await refused(() => sales.gql('mutation { createTeam(input: { name: "central hunters" }) { id } }'));
      expect(e.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    });

    it('refuses a member who is not a user, and writes no part of the team', async () => {
      const e = await refused(() =>
        sales.gql('mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
          i: { name: 'Ghosts', memberIds: [ids.rep, ids.missing] },
        }),
      );
      expect(e.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'memberIds' });
    });
  });

  describe('refuses bad input, naming the field, writing nothing', () => {
    it('a time zone that is not an IANA name', async () => {
      for (const timeZone of ['Mars/Olympus', '+01:00', 'CET; DROP TABLE']) {
        const e = await refused(() => updateUser({ id: ids.rep, timeZone }));
        expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timeZone' });
      }
    });

    it('a manager cycle, and a user managing themselves', async () => {
      const cycle = await refused(() => updateUser({ id: ids.chief, managerId: ids.rep }));
      expect(cycle.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'managerId' });
      const self = await refused(() => updateUser({ id: ids.boss, managerId: ids.boss }));
      expect(self.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'managerId' });
    });

    it('a manager who is not a user, and a user who exists already', async () => {
      const e = await refused(() => createUser({ id: ids.missing, name: 'Nobody', managerId: '00000000-0000-4000-8000-000000000000' }));
      expect(e.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'managerId' });
      const dup = await refused(() => createUser({ id: ids.boss, name: 'Bob Again' }));
      expect(dup.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    });

    it('a bad email, an empty name, an unknown user', async () => {
      expect((await refused(() => createUser({ id: ids.missing, name: 'X', email: 'not-an-email' }))).extensions).toMatchObject({
        field: 'email',
      });
      expect((await refused(() => updateUser({ id: ids.rep, name: '  ' }))).extensions).toMatchObject({ field: 'name' });
      expect((await refused(() => updateUser({ id: ids.missing, title: 'x' }))).extensions).toMatchObject({
        code: 'NOT_FOUND',
        field: 'id',
      });
    });

    it('a sales rep managing the directory: only admins do', async () => {
      const rep = sales.gqlAs({ roles: ['sales'], userId: ids.rep });
      const e = await refused(() => rep(`mutation { createTeam(input: { name: "Mine" }) { id } }`));
      expect(e.extensions).toMatchObject({ code: 'FORBIDDEN' });
      const u = await refused(() =>
        rep(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { id } }`, { i: { id: ids.rep, title: 'VP' } }),
      );
      expect(u.extensions).toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('owners', () => {
    const asRep = () => sales.gqlAs({ roles: ['sales'], userId: ids.rep });
    const asBoss = () => sales.gqlAs({ roles: ['sales'], userId: ids.boss });
    const names = (conn: { edges: { node: { name?: string; subject?: string } }[] }) =>
      conn.edges.map((e) => e.node.name ?? e.node.subject).sort();

    beforeAll(async () => {
      // The rep's records, the boss's, and someone else's (the chief is in no team with either).
      for (const [owner, label] of [
        [ids.rep, 'Rep'],
        [ids.boss, 'Boss'],
        [ids.chief, 'Chief'],
      ] as const) {
        const c = await sales.ctx.newCustomer({ name: `Owned by ${label}`, ownerId: owner });
        await api.createOpportunity({ customerId: c.id, name: `Deal of ${label}`, ownerId: owner });
        await api.ok('mutation($i: LogActivityInput!) { logActivity(input: $i) { id } }', {
          i: { type: 'TASK', subject: `Task of ${label}`, customerId: c.id, ownerId: owner },
        });
      }
    });

    it('resolve to User on customers, opportunities and activities, ids kept', async () => {
      const res = await sales.gql<{
        customers: { edges: { node: { ownerId: string; owner: { name: string } } }[] };
        opportunities: { edges: { node: { ownerId: string; owner: { name: string } } }[] };
        activities: { edges: { node: { ownerId: string; owner: { name: string } } }[] };
      }>(
        `{ customers(filter: { nameContains: "Owned by Rep" }) { edges { node { ownerId owner { name } } } }
           opportunities(filter: { ownerIds: ["${ids.rep}"] }) { edges { node { ownerId owner { name } } } }
           activities(filter: { ownerId: "${ids.rep}" }) { edges { node { ownerId owner { name } } } } }`,
      );
      expect(res.errors).toBeUndefined();
      for (const list of [res.data!.customers, res.data!.opportunities, res.data!.activities]) {
        expect(list.edges.map((e) => e.node)).toEqual([{ ownerId: ids.rep, owner: { name: 'Rita Rep' } }]);
      }
    });

    it('filter "my records" with ownedBy: ME on every list with an owner', async () => {
      const res = await asRep()<Record<string, { edges: { node: { name?: string; subject?: string } }[]; totalCount?: number }>>(
        `{ customers(filter: { ownedBy: ME }) { edges { node { name } } }
           opportunities(filter: { ownedBy: ME }) { totalCount edges { node { name } } }
           activities(filter: { ownedBy: ME }) { edges { node { subject } } } }`,
      );
      expect(res.errors).toBeUndefined();
      expect(names(res.data!.customers!)).toEqual(['Owned by Rep']);
      expect(names(res.data!.opportunities!)).toEqual(['Deal of Rep']);
      expect(res.data!.opportunities!.totalCount).toBe(1);
      expect(names(res.data!.activities!)).toEqual(['Task of Rep']);
    });

    it("and with ownedBy: MY_TEAMS, the teams the caller is in or manages, and the caller's own", async () => {
      const res = await asBoss()<Record<string, { edges: { node: { name: string } }[] }>>(
        '{ customers(filter: { ownedBy: MY_TEAMS }) { edges { node { name } } } opportunities(filter: { ownedBy: MY_TEAMS }) { edges { node { name } } } }',
      );
      expect(names(res.data!.customers!)).toEqual(['Owned by Boss', 'Owned by Rep']);
      expect(names(res.data!.opportunities!)).toEqual(['Deal of Boss', 'Deal of Rep']);
    });

    it('refuses an ownedBy that is not ME or MY_TEAMS', async () => {
      const res = await sales.gql('{ customers(filter: { ownedBy: YOU }) { edges { node { id } } } }');
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    });
  });

  describe('the directory, a page at a time', () => {
    itPagesWithCursors({
      gql: () => sales.gql,
      field: 'users',
      filterType: 'UserFilter',
      filter: { nameContains: 'pager' },
      label: 'name',
      seed: async () => {
        for (const [n, name] of ['Pager C', 'Pager A', 'Pager B'].entries()) {
          const res = await createUser({ id: `c0000000-0000-4000-8000-00000000000${n}`, name });
          expect(res.errors).toBeUndefined();
        }
      },
      orders: { NAME_ASC: ['Pager A', 'Pager B', 'Pager C'] },
    });
  });

  it('is the admin of every other spec a user too', async () => {
    expect((await sales.gql<{ me: { id: string } }>('{ me { id } }')).data!.me.id).toBe(ADMIN.userId);
  });
});
