import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
  metadata: string | null;
}

type LogLine = { g: string; o: [string, number, number, string | null][] } | { g: string; deleted: true } | { t: string; deleted: true };

/**
 * Committed group offsets, kept in memory and journaled as JSON lines to
 * `<dataDir>/groups/offsets.jsonl` before a commit is acknowledged. A torn last line
 * (a kill mid-write) is ignored on load; the journal is compacted at start-up.
 */
export class OffsetStore {
  private groups = new Map<string, Map<string, CommittedOffset>>();
  private fd: number | null = null;

  constructor(
    dataDir: string | null,
    private readonly fsync: boolean,
  ) {
    if (!dataDir) return;
    const dir = path.join(dataDir, 'groups');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'offsets.jsonl');
    if (fs.existsSync(file)) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          this.apply(JSON.parse(line) as LogLine);
        } catch {
          break; // torn tail
        }
      }
    }
    this.compact(file);
  }

  private compact(file: string): void {
    const tmp = `${file}.tmp`;
    const lines = [...this.groups].map(([g, offsets]) =>
      JSON.stringify({ g, o: [...offsets.values()].map((c) => [c.topic, c.partition, c.offset, c.metadata]) }),
    );
    fs.writeFileSync(tmp, lines.map((l) => `${l}\n`).join(''));
    fs.renameSync(tmp, file);
    this.fd = fs.openSync(file, 'a');
  }

  private apply(line: LogLine): void {
    if ('t' in line) {
      for (const offsets of this.groups.values()) {
        for (const [key, c] of offsets) if (c.topic === line.t) offsets.delete(key);
      }
    } else if ('deleted' in line) {
      this.groups.delete(line.g);
    } else {
      let offsets = this.groups.get(line.g);
      if (!offsets) this.groups.set(line.g, (offsets = new Map<string, CommittedOffset>()));
      for (const [topic, partition, offset, metadata] of line.o) {
        offsets.set(`${topic}\u0000${partition}`, { topic, partition, offset, metadata });
      }
    }
  }

  private journal(line: LogLine): void {
    this.apply(line);
    if (this.fd === null) return;
    fs.writeSync(this.fd, `${JSON.stringify(line)}\n`);
    if (this.fsync) fs.fdatasyncSync(this.fd);
  }

  commit(groupId: string, offsets: CommittedOffset[]): void {
    if (offsets.length === 0) return;
    this.journal({ g: groupId, o: offsets.map((c) => [c.topic, c.partition, c.offset, c.metadata]) });
  }

  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(groupId)?.get(`${topic}\u0000${partition}`);
  }

  all(groupId: string): CommittedOffset[] {
    return [...(this.groups.get(groupId)?.values() ?? [])];
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  deleteGroup(groupId: string): void {
    if (this.groups.has(groupId)) this.journal({ g: groupId, deleted: true });
  }

  deleteTopic(topic: string): void {
    this.journal({ t: topic, deleted: true });
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
