import { ErrorCode } from '../protocol/errors';
import { GroupCoordinator, type JoinRequest, type JoinResult } from './group-coordinator';
import { OffsetStore } from './offset-store';

const SESSION = 10_000;
const REBALANCE = 20_000;

function coordinator(): GroupCoordinator {
  return new GroupCoordinator(
    { minSessionTimeoutMs: 1000, maxSessionTimeoutMs: 60_000, initialRebalanceDelayMs: 0, log: () => undefined },
    new OffsetStore(null, false),
  );
}

function joinReq(memberId: string, extra: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId: 'g',
    sessionTimeoutMs: SESSION,
    rebalanceTimeoutMs: REBALANCE,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'roundrobin', metadata: Buffer.from(memberId) }],
    clientId: 'c',
    clientHost: '/127.0.0.1',
    requireKnownMemberId: true,
    ...extra,
  };
}

/** A new member the way a v4+ client joins: MEMBER_ID_REQUIRED first, then with its id. */
async function newMember(c: GroupCoordinator): Promise<{ id: string; joined: Promise<JoinResult> }> {
  const first = await c.join(joinReq(''));
  expect(first.error).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  return { id: first.memberId, joined: c.join(joinReq(first.memberId)) };
}

async function settled<T>(p: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([p, new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);
}

describe('GroupCoordinator', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('forms a first generation, rebalances when a member joins, and hands out the leader’s assignment', async () => {
    const c = coordinator();
    const a = await newMember(c);
    const genA = await a.joined;
    expect(genA).toMatchObject({ error: ErrorCode.NONE, generationId: 1, leaderId: a.id, protocol: 'roundrobin' });
    expect(genA.members.map((m) => m.memberId)).toEqual([a.id]);
    expect(await c.sync('g', 1, a.id, [{ memberId: a.id, assignment: Buffer.from('all') }])).toEqual({
      error: ErrorCode.NONE,
      assignment: Buffer.from('all'),
    });

    const b = await newMember(c);
    expect(await settled(b.joined)).toBe('pending');
    expect(c.heartbeat('g', 1, a.id)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(c.describe('g').state).toBe('PreparingRebalance');

    const rejoinA = c.join(joinReq(a.id));
    const [ra, rb] = await Promise.all([rejoinA, b.joined]);
    expect(ra).toMatchObject({ generationId: 2, leaderId: a.id });
    expect(ra.members.map((m) => m.memberId).sort()).toEqual([a.id, b.id].sort());
    expect(rb).toMatchObject({ generationId: 2, leaderId: a.id, members: [] });

    const followerSync = c.sync('g', 2, b.id, []);
    expect(await settled(followerSync)).toBe('pending');
    const leaderSync = c.sync('g', 2, a.id, [
      { memberId: a.id, assignment: Buffer.from('p0') },
      { memberId: b.id, assignment: Buffer.from('p1') },
    ]);
    expect(await leaderSync).toEqual({ error: ErrorCode.NONE, assignment: Buffer.from('p0') });
    expect(await followerSync).toEqual({ error: ErrorCode.NONE, assignment: Buffer.from('p1') });
    expect(c.describe('g').state).toBe('Stable');
    expect(c.heartbeat('g', 2, b.id)).toBe(ErrorCode.NONE);
  });

  it('answers stale generations and unknown members', async () => {
    const c = coordinator();
    const a = await newMember(c);
    await a.joined;
    expect(c.heartbeat('g', 0, a.id)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(c.heartbeat('g', 1, 'ghost')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(c.heartbeat('other', 1, a.id)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await c.join(joinReq('ghost'))).error).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await c.sync('g', 7, a.id, [])).error).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  it('removes a member that misses its session timeout and rebalances the rest', async () => {
    const c = coordinator();
    const a = await newMember(c);
    await a.joined;
    const b = await newMember(c);
    const [,] = await Promise.all([c.join(joinReq(a.id)), b.joined]);
    await c.sync('g', 2, a.id, []);
    // a keeps heartbeating, b goes silent.
    for (let t = 0; t < SESSION + 1000; t += 3000) {
      jest.advanceTimersByTime(3000);
      c.heartbeat('g', 2, a.id);
    }
    expect(c.describe('g').members.map((m) => m.memberId)).toEqual([a.id]);
    expect(c.heartbeat('g', 2, a.id)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(await c.join(joinReq(a.id))).toMatchObject({ error: ErrorCode.NONE, generationId: 3, leaderId: a.id });
    expect(c.heartbeat('g', 2, b.id)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('drops members that do not rejoin within the rebalance timeout', async () => {
    const c = coordinator();
    const a = await newMember(c);
    await a.joined;
    await c.sync('g', 1, a.id, []);
    const b = await newMember(c);
    // a heartbeats (so its session lives) but never rejoins.
    for (let t = 0; t < REBALANCE; t += 3000) {
      expect(await settled(b.joined)).toBe('pending');
      jest.advanceTimersByTime(3000);
      c.heartbeat('g', 1, a.id);
    }
    expect(await b.joined).toMatchObject({ error: ErrorCode.NONE, generationId: 2, leaderId: b.id });
    expect(c.heartbeat('g', 1, a.id)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('rebalances when a member leaves and empties the group when the last one does', async () => {
    const c = coordinator();
    const a = await newMember(c);
    await a.joined;
    const b = await newMember(c);
    await Promise.all([c.join(joinReq(a.id)), b.joined]);
    await Promise.all([c.sync('g', 2, b.id, []), c.sync('g', 2, a.id, [])]);
    expect(c.leave('g', [b.id])).toEqual([{ memberId: b.id, error: ErrorCode.NONE }]);
    expect(c.heartbeat('g', 2, a.id)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(await c.join(joinReq(a.id))).toMatchObject({ generationId: 3, members: [expect.objectContaining({ memberId: a.id })] });
    c.leave('g', [a.id]);
    expect(c.describe('g').state).toBe('Empty');
    expect(c.leave('g', ['ghost'])).toEqual([{ memberId: 'ghost', error: ErrorCode.UNKNOWN_MEMBER_ID }]);
  });

  it('lets only the current generation commit, and anyone commit to an empty group', async () => {
    const c = coordinator();
    expect(c.checkCommit('g', -1, '')).toBe(ErrorCode.NONE);
    const a = await newMember(c);
    await a.joined;
    expect(c.checkCommit('g', 1, a.id)).toBe(ErrorCode.REBALANCE_IN_PROGRESS); // awaiting sync
    await c.sync('g', 1, a.id, []);
    expect(c.checkCommit('g', 1, a.id)).toBe(ErrorCode.NONE);
    expect(c.checkCommit('g', 0, a.id)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(c.checkCommit('g', -1, '')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('refuses bad joins with the protocol’s errors', async () => {
    const c = coordinator();
    expect((await c.join(joinReq('', { groupId: '' }))).error).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await c.join(joinReq('', { sessionTimeoutMs: 10 }))).error).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    const a = await newMember(c);
    await a.joined;
    const other = joinReq('', { requireKnownMemberId: false, protocols: [{ name: 'range', metadata: Buffer.alloc(0) }] });
    expect((await c.join(other)).error).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await c.join({ ...other, protocolType: 'connect', protocols: joinReq('').protocols })).error).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
  });

  it('waits the initial rebalance delay so members starting together share the first generation', async () => {
    const c = new GroupCoordinator(
      { minSessionTimeoutMs: 1000, maxSessionTimeoutMs: 60_000, initialRebalanceDelayMs: 3000, log: () => undefined },
      new OffsetStore(null, false),
    );
    const a = await newMember(c);
    const b = await newMember(c);
    expect(await settled(a.joined)).toBe('pending');
    jest.advanceTimersByTime(3000);
    const [ra, rb] = await Promise.all([a.joined, b.joined]);
    expect(ra.generationId).toBe(1);
    expect(rb.generationId).toBe(1);
  });
});
