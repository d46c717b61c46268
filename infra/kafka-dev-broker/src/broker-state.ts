import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GroupCoordinator } from './groups/group-coordinator';
import type { OffsetStore } from './groups/offset-store';
import type { PartitionLog } from './log/partition-log';
import type { TopicStore } from './log/topic-store';

export interface BrokerSettings {
  nodeId: number;
  advertisedHost: string;
  port: number;
  clusterId: string;
  autoCreateTopics: boolean;
  defaultPartitions: number;
  maxPartitions: number;
  maxMessageBytes: number;
}

/** What request handlers share: storage, the coordinator and the broker's own identity. */
export interface BrokerState {
  settings: BrokerSettings;
  topics: TopicStore;
  offsets: OffsetStore;
  groups: GroupCoordinator;
  producerIds: ProducerIdAllocator;
  log: (line: string) => void;
  /** Resolves true on the first append to any of `logs` or after `ms`; false once the broker is stopping. */
  waitForData(logs: PartitionLog[], ms: number): Promise<boolean>;
}

export interface RequestContext {
  state: BrokerState;
  clientId: string;
  clientHost: string;
}

/** Producer ids never repeat, across restarts too: the next one is journaled before it is handed out. */
export class ProducerIdAllocator {
  private next: number;
  private readonly file: string | null;

  constructor(dataDir: string | null, atLeast: number) {
    this.file = dataDir ? path.join(dataDir, 'producer-id') : null;
    const saved = this.file && fs.existsSync(this.file) ? Number(fs.readFileSync(this.file, 'utf8')) || 0 : 0;
    this.next = Math.max(saved, atLeast, 1000);
  }

  allocate(): number {
    const id = this.next++;
    if (this.file) fs.writeFileSync(this.file, String(this.next));
    return id;
  }
}
