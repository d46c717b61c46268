import type { CommittedOffset } from '../groups/offset-store';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiSpec } from './api-spec';

const MAX_OFFSET_METADATA = 4096;
const COORDINATOR_KEY_TRANSACTION = 1;

/** Responses from v1 on (v2 for JoinGroup) start with a throttle time. */
const start = (version: number, since: number): Writer => (version >= since ? new Writer().int32(0) : new Writer());

export const findCoordinatorApi: ApiSpec = {
  key: ApiKey.FindCoordinator,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  handle({ state }, version, r) {
    r.string(); // key: this broker coordinates every group
    const keyType = version >= 1 ? r.int8() : 0;
    const { nodeId, advertisedHost, port } = state.settings;
    const w = start(version, 1);
    if (keyType === COORDINATOR_KEY_TRANSACTION) {
      w.int16(ErrorCode.INVALID_REQUEST);
      if (version >= 1) w.string('transactions are not supported by the development broker');
      return w.int32(-1).string('').int32(-1);
    }
    w.int16(ErrorCode.NONE);
    if (version >= 1) w.string(null);
    return w.int32(nodeId).string(advertisedHost).int32(port);
  },
};

export const joinGroupApi: ApiSpec = {
  key: ApiKey.JoinGroup,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  async handle({ state, clientId, clientHost }, version, r) {
    const groupId = r.string();
    const sessionTimeoutMs = r.int32();
    const rebalanceTimeoutMs = version >= 1 ? r.int32() : sessionTimeoutMs;
    const memberId = r.string();
    const groupInstanceId = version >= 5 ? r.nullableString() : null;
    const protocolType = r.string();
    const protocols = r.array((p) => ({ name: p.string(), metadata: Buffer.from(p.bytes()) }));
    const res = await state.groups.join({
      groupId,
      sessionTimeoutMs,
      rebalanceTimeoutMs,
      memberId,
      groupInstanceId,
      protocolType,
      protocols,
      clientId,
      clientHost,
      requireKnownMemberId: version >= 4,
    });
    const w = start(version, 2)
      .int16(res.error)
      .int32(res.generationId)
      .string(res.protocol ?? '')
      .string(res.leaderId)
      .string(res.memberId);
    return w.array(res.members, (mw, m) => {
      mw.string(m.memberId);
      if (version >= 5) mw.string(m.groupInstanceId);
      mw.bytes(m.metadata);
    });
  },
};

export const syncGroupApi: ApiSpec = {
  key: ApiKey.SyncGroup,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 3,
  async handle({ state }, version, r) {
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (version >= 3) r.nullableString(); // group instance id
    const assignments = r.array((a) => ({ memberId: a.string(), assignment: Buffer.from(a.bytes()) }));
    const res = await state.groups.sync(groupId, generationId, memberId, assignments);
    return start(version, 1).int16(res.error).bytes(res.assignment);
  },
};

export const heartbeatApi: ApiSpec = {
  key: ApiKey.Heartbeat,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 3,
  handle({ state }, version, r) {
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (version >= 3) r.nullableString();
    return start(version, 1).int16(state.groups.heartbeat(groupId, generationId, memberId));
  },
};

export const leaveGroupApi: ApiSpec = {
  key: ApiKey.LeaveGroup,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 3,
  handle({ state }, version, r) {
    const groupId = r.string();
    const members =
      version >= 3
        ? r.array((m) => ({ memberId: m.string(), groupInstanceId: m.nullableString() }))
        : [{ memberId: r.string(), groupInstanceId: null }];
    const results = state.groups.leave(
      groupId,
      members.map((m) => m.memberId),
    );
    const w = start(version, 1);
    if (version < 3) return w.int16(results[0]!.error);
    return w.int16(ErrorCode.NONE).array(results, (mw, res) => {
      mw.string(res.memberId)
        .string(members.find((m) => m.memberId === res.memberId)?.groupInstanceId ?? null)
        .int16(res.error);
    });
  },
};

export const offsetCommitApi: ApiSpec = {
  key: ApiKey.OffsetCommit,
  name: 'OffsetCommit',
  minVersion: 2,
  maxVersion: 5,
  handle({ state }, version, r) {
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (version <= 4) r.int64(); // retention time: offsets are kept until the group is deleted
    const topics = r.array((t) => ({
      name: t.string(),
      partitions: t.array((p) => ({ partition: p.int32(), offset: p.int64(), metadata: p.nullableString() })),
    }));
    const groupError = groupId ? state.groups.checkCommit(groupId, generationId, memberId) : ErrorCode.INVALID_GROUP_ID;
    const accepted: CommittedOffset[] = [];
    const results = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        let error: number = groupError;
        if (error === ErrorCode.NONE && !state.topics.partition(t.name, p.partition)) error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        if (error === ErrorCode.NONE && (p.metadata?.length ?? 0) > MAX_OFFSET_METADATA) error = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        if (error === ErrorCode.NONE) accepted.push({ topic: t.name, partition: p.partition, offset: p.offset, metadata: p.metadata });
        return { partition: p.partition, error };
      }),
    }));
    state.offsets.commit(groupId, accepted);
    return start(version, 3).array(results, (tw, t) => {
      tw.string(t.name).array(t.partitions, (pw, p) => pw.int32(p.partition).int16(p.error));
    });
  },
};

export const offsetFetchApi: ApiSpec = {
  key: ApiKey.OffsetFetch,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 4,
  handle({ state }, version, r) {
    const groupId = r.string();
    const requested =
      version >= 2
        ? r.nullableArray((t) => ({ name: t.string(), partitions: t.array((p) => p.int32()) }))
        : r.array((t) => ({ name: t.string(), partitions: t.array((p) => p.int32()) }));
    let topics = requested;
    if (topics === null) {
      const byTopic = new Map<string, number[]>();
      for (const c of state.offsets.all(groupId)) byTopic.set(c.topic, [...(byTopic.get(c.topic) ?? []), c.partition]);
      topics = [...byTopic].map(([name, partitions]) => ({ name, partitions }));
    }
    const w = start(version, 3).array(topics, (tw, t) => {
      tw.string(t.name).array(t.partitions, (pw, partition) => {
        const c = state.offsets.get(groupId, t.name, partition);
        pw.int32(partition)
          .int64(c?.offset ?? -1)
          .string(c?.metadata ?? '')
          .int16(ErrorCode.NONE);
      });
    });
    if (version >= 2) w.int16(ErrorCode.NONE);
    return w;
  },
};

export const describeGroupsApi: ApiSpec = {
  key: ApiKey.DescribeGroups,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 2,
  handle({ state }, version, r) {
    const ids = r.array((x) => x.string());
    return start(version, 1).array(ids, (gw, id) => {
      const g = state.groups.describe(id);
      gw.int16(ErrorCode.NONE).string(g.groupId).string(g.state).string(g.protocolType).string(g.protocol);
      gw.array(g.members, (mw, m) => mw.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment));
    });
  },
};

export const listGroupsApi: ApiSpec = {
  key: ApiKey.ListGroups,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 2,
  handle({ state }, version) {
    return start(version, 1)
      .int16(ErrorCode.NONE)
      .array(state.groups.list(), (gw, g) => gw.string(g.groupId).string(g.protocolType));
  },
};

export const deleteGroupsApi: ApiSpec = {
  key: ApiKey.DeleteGroups,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 1,
  handle({ state }, _version, r) {
    const ids = r.array((x) => x.string());
    return new Writer().int32(0).array(ids, (gw, id) => gw.string(id).int16(state.groups.delete(id)));
  },
};
