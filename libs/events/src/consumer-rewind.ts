import type { Admin } from 'kafkajs';

export interface RewoundGroup {
  groupId: string;
  /** The partitions moved back and where to: none for a group that was not past the backup's time. */
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
}

/**
 * After a service's database is restored from a backup, the effects of the events it applied
 * after the backup are gone, but its consumer groups' offsets in Kafka are past them. This moves
 * each of its groups back to the first message at or after `since` on every partition the group
 * has an offset for, never forward, so those events are offered again; the inbox (never pruned)
 * skips the ones the backup still holds. A message's time is when it was published, and a
 * consumer may apply it well after that, so `since` must lie before the backup by more than the
 * consumers' lag then: going back further only costs the inbox's skipping.
 *
 * The groups are those named `<service>-…` (every group id follows that rule) and those the
 * database's inbox names; a replay's (`…-replay-<id>`) feed another database and are left alone.
 * Kafka refuses to move a group while one of its members runs, so the service is stopped first.
 */
export async function rewindConsumerGroups(admin: Admin, service: string, inboxConsumers: string[], since: Date): Promise<RewoundGroup[]> {
  const { groups } = await admin.listGroups();
  const named = groups.map((g) => g.groupId).filter((id) => id.startsWith(`${service}-`));
  const ids = [...new Set([...named, ...inboxConsumers])].filter((id) => !/-replay-/.test(id)).sort();
  const rewound: RewoundGroup[] = [];
  for (const groupId of ids) {
    const topics: RewoundGroup['topics'] = [];
    for (const { topic, partitions: committed } of await admin.fetchOffsets({ groupId })) {
      const atSince = new Map((await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime())).map((p) => [p.partition, p.offset]));
      // Only back: a group still behind the backup's time (or with no offset there) keeps its place.
      const partitions = committed.flatMap((c) => {
        const target = atSince.get(c.partition);
        return target !== undefined && BigInt(c.offset) >= 0n && BigInt(target) < BigInt(c.offset)
          ? [{ partition: c.partition, offset: target }]
          : [];
      });
      if (!partitions.length) continue;
      await admin.setOffsets({ groupId, topic, partitions });
      topics.push({ topic, partitions });
    }
    rewound.push({ groupId, topics });
  }
  return rewound;
}
