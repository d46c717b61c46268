import { invalidTopicName, type Topic } from '../log/topic-store';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/errors';
import type { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import type { ApiSpec } from './api-spec';

export const metadataApi: ApiSpec = {
  key: ApiKey.Metadata,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 6,
  handle({ state }, version, r) {
    const requested = version === 0 ? r.array((x) => x.string()) : r.nullableArray((x) => x.string());
    const allowAutoCreate = version >= 4 ? r.bool() : true;
    const all = requested === null || (version === 0 && requested.length === 0);
    const { settings, topics } = state;

    const entries: { name: string; error: number; topic: Topic | undefined }[] = [];
    for (const name of all ? topics.list().map((t) => t.name) : requested) {
      let topic = topics.get(name);
      let error: number = ErrorCode.NONE;
      if (!topic) {
        if (invalidTopicName(name)) error = ErrorCode.INVALID_TOPIC_EXCEPTION;
        else if (settings.autoCreateTopics && allowAutoCreate) {
          topic = topics.create(name, settings.defaultPartitions, {});
          state.log(`auto-created topic ${name} with ${settings.defaultPartitions} partition(s)`);
        } else error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      }
      entries.push({ name, error, topic });
    }

    const w = new Writer();
    if (version >= 3) w.int32(0);
    w.array([settings], (bw, s) => {
      bw.int32(s.nodeId).string(s.advertisedHost).int32(s.port);
      if (version >= 1) bw.string(null);
    });
    if (version >= 2) w.string(settings.clusterId);
    if (version >= 1) w.int32(settings.nodeId);
    w.array(entries, (tw, e) => {
      tw.int16(e.error).string(e.name);
      if (version >= 1) tw.bool(false);
      const partitionIds = Array.from({ length: e.topic?.partitions.length ?? 0 }, (_, i) => i);
      tw.array(partitionIds, (pw, index) => {
        pw.int16(ErrorCode.NONE).int32(index).int32(settings.nodeId).int32Array([settings.nodeId]).int32Array([settings.nodeId]);
        if (version >= 5) pw.int32Array([]);
      });
    });
    return w;
  },
};

interface CreateTopicRequest {
  name: string;
  partitions: number;
  replicationFactor: number;
  assignments: { partition: number; brokers: number[] }[];
  configs: { name: string; value: string | null }[];
}

function readCreateTopic(r: Reader): CreateTopicRequest {
  return {
    name: r.string(),
    partitions: r.int32(),
    replicationFactor: r.int16(),
    assignments: r.array((a) => ({ partition: a.int32(), brokers: a.array((b) => b.int32()) })),
    configs: r.array((c) => ({ name: c.string(), value: c.nullableString() })),
  };
}

export const createTopicsApi: ApiSpec = {
  key: ApiKey.CreateTopics,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 3,
  handle({ state }, version, r) {
    const requests = r.array(readCreateTopic);
    r.int32(); // timeout: creation here is synchronous
    const validateOnly = version >= 1 ? r.bool() : false;
    const { settings, topics } = state;
    const counts = new Map<string, number>();
    for (const t of requests) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);

    const results = requests.map((t): { name: string; error: number; message: string | null } => {
      const fail = (error: number, message: string) => ({ name: t.name, error, message });
      const badName = invalidTopicName(t.name);
      if (badName) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, badName);
      if (counts.get(t.name)! > 1) return fail(ErrorCode.INVALID_REQUEST, `topic ${t.name} appears more than once in the request`);
      if (topics.get(t.name)) return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `topic '${t.name}' already exists`);
      let partitions = t.partitions === -1 ? settings.defaultPartitions : t.partitions;
      if (t.assignments.length > 0) {
        if (t.partitions !== -1 || t.replicationFactor !== -1) {
          return fail(ErrorCode.INVALID_REQUEST, 'both a replica assignment and a partition count or replication factor were given');
        }
        const ok = t.assignments.every((a, i) => a.partition === i && a.brokers.length === 1 && a.brokers[0] === settings.nodeId);
        if (!ok) return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `partitions must be 0..n-1, each on broker ${settings.nodeId} only`);
        partitions = t.assignments.length;
      }
      if (partitions < 1 || partitions > settings.maxPartitions) {
        return fail(ErrorCode.INVALID_PARTITIONS, `partition count must be between 1 and ${settings.maxPartitions}, got ${partitions}`);
      }
      if (t.replicationFactor !== -1 && t.replicationFactor !== 1) {
        return fail(
          ErrorCode.INVALID_REPLICATION_FACTOR,
          `replication factor ${t.replicationFactor} is larger than the 1 available broker`,
        );
      }
      const nullConfig = t.configs.find((c) => c.value === null);
      if (nullConfig) return fail(ErrorCode.INVALID_CONFIG, `config ${nullConfig.name} has a null value`);
      if (!validateOnly) {
        topics.create(t.name, partitions, Object.fromEntries(t.configs.map((c) => [c.name, c.value!])));
        state.log(`created topic ${t.name} with ${partitions} partition(s)`);
      }
      return { name: t.name, error: ErrorCode.NONE, message: null };
    });

    const w = new Writer();
    if (version >= 2) w.int32(0);
    w.array(results, (tw, res) => {
      tw.string(res.name).int16(res.error);
      if (version >= 1) tw.string(res.message);
    });
    return w;
  },
};

export const deleteTopicsApi: ApiSpec = {
  key: ApiKey.DeleteTopics,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 1,
  handle({ state }, version, r) {
    const names = r.array((x) => x.string());
    r.int32(); // timeout
    const results = names.map((name) => {
      if (!state.topics.delete(name)) return { name, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
      state.offsets.deleteTopic(name);
      state.log(`deleted topic ${name}`);
      return { name, error: ErrorCode.NONE };
    });
    const w = new Writer();
    if (version >= 1) w.int32(0);
    w.array(results, (tw, res) => tw.string(res.name).int16(res.error));
    return w;
  },
};
