import * as fs from 'node:fs';
import * as path from 'node:path';
import { PartitionLog } from './partition-log';

export interface Topic {
  name: string;
  partitions: PartitionLog[];
  configs: Record<string, string>;
}

interface TopicMeta {
  name: string;
  partitions: number;
  configs: Record<string, string>;
}

const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/;
const MAX_NAME_LENGTH = 249;

/** Why Kafka would refuse this topic name, or null when it is valid. */
export function invalidTopicName(name: string): string | null {
  if (name.length === 0) return 'topic name is empty';
  if (name === '.' || name === '..') return `topic name cannot be "${name}"`;
  if (name.length > MAX_NAME_LENGTH) return `topic name is longer than ${MAX_NAME_LENGTH} characters`;
  if (!LEGAL_NAME.test(name)) return `topic name "${name}" may only contain ASCII letters, digits, '.', '_' and '-'`;
  return null;
}

/**
 * Topics and their partition logs. On disk: `<dataDir>/topics/<name>/topic.json` and one
 * `<partition>.log` per partition; topic.json is written last, so a half-created topic is ignored.
 */
export class TopicStore {
  private topics = new Map<string, Topic>();
  private readonly root: string | null;

  constructor(
    dataDir: string | null,
    private readonly fsync: boolean,
  ) {
    this.root = dataDir ? path.join(dataDir, 'topics') : null;
    if (this.root) {
      fs.mkdirSync(this.root, { recursive: true });
      for (const name of fs.readdirSync(this.root)) this.load(name);
    }
  }

  private load(dirName: string): void {
    const dir = path.join(this.root!, dirName);
    const metaFile = path.join(dir, 'topic.json');
    if (!fs.existsSync(metaFile)) {
      fs.rmSync(dir, { recursive: true, force: true });
      return;
    }
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as TopicMeta;
    this.topics.set(meta.name, {
      name: meta.name,
      configs: meta.configs,
      partitions: Array.from({ length: meta.partitions }, (_, p) => this.openLog(dir, p)),
    });
  }

  private openLog(dir: string | null, partition: number): PartitionLog {
    return new PartitionLog({ file: dir ? path.join(dir, `${partition}.log`) : null, fsync: this.fsync });
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  partition(name: string, partition: number): PartitionLog | undefined {
    return this.topics.get(name)?.partitions[partition];
  }

  list(): Topic[] {
    return [...this.topics.values()];
  }

  create(name: string, partitions: number, configs: Record<string, string>): Topic {
    const dir = this.root ? path.join(this.root, name) : null;
    if (dir) fs.mkdirSync(dir, { recursive: true });
    const topic: Topic = {
      name,
      configs,
      partitions: Array.from({ length: partitions }, (_, p) => this.openLog(dir, p)),
    };
    if (dir) {
      const meta: TopicMeta = { name, partitions, configs };
      const tmp = path.join(dir, 'topic.json.tmp');
      fs.writeFileSync(tmp, JSON.stringify(meta));
      fs.renameSync(tmp, path.join(dir, 'topic.json'));
    }
    this.topics.set(name, topic);
    return topic;
  }

  delete(name: string): boolean {
    const topic = this.topics.get(name);
    if (!topic) return false;
    this.topics.delete(name);
    for (const log of topic.partitions) log.close();
    if (this.root) fs.rmSync(path.join(this.root, name), { recursive: true, force: true });
    return true;
  }

  close(): void {
    for (const topic of this.topics.values()) for (const log of topic.partitions) log.close();
    this.topics.clear();
  }
}
