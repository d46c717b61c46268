import type { Admin } from 'kafkajs';

export interface PartitionLag {
  groupId: string;
  topic: string;
  partition: number;
  lag: number;
}

/** Messages each group has still to apply, per partition (end offset minus committed offset). */
export async function lagByPartition(admin: Admin, groups: { groupId: string; topics: string[] }[]): Promise<PartitionLag[]> {
  const out: PartitionLag[] = [];
  for (const g of groups) {
    const committed = await admin.fetchOffsets({ groupId: g.groupId, topics: g.topics });
    for (const t of committed) {
      const ends = await admin.fetchTopicOffsets(t.topic);
      for (const p of t.partitions) {
        const end = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
        const low = Number(ends.find((e) => e.partition === p.partition)?.low ?? 0);
        const at = Number(p.offset) < 0 ? low : Number(p.offset);
        out.push({ groupId: g.groupId, topic: t.topic, partition: p.partition, lag: Math.max(0, end - at) });
      }
    }
  }
  return out;
}
