import * as fs from 'node:fs';
import { InvalidBatchError, stampBatch, validateBatch, firstOffsetAtOrAfter, type BatchHeader } from '../protocol/record-batch';
import { ProducerStateTable } from './producer-state';

interface BatchEntry {
  baseOffset: number;
  lastOffset: number;
  position: number;
  size: number;
  maxTimestamp: number;
  /** Held only in the in-memory mode; the file mode reads the bytes back from disk. */
  bytes: Buffer | null;
}

export interface LogOptions {
  /** Append-only file holding the batches; null keeps them in memory. */
  file: string | null;
  /** fdatasync after each append (power-loss safety); a killed process loses nothing without it. */
  fsync: boolean;
}

/**
 * One partition: Kafka's on-disk format, batches back to back with broker-assigned base offsets.
 * Batches are stored byte for byte, so CRCs and compressed payloads pass through untouched.
 */
export class PartitionLog {
  private entries: BatchEntry[] = [];
  private fd: number | null = null;
  private endPosition = 0;
  private waiters = new Set<() => void>();
  readonly producers = new ProducerStateTable();
  nextOffset = 0;
  readonly logStartOffset = 0;

  constructor(private readonly opts: LogOptions) {
    if (opts.file) this.recover(opts.file);
  }

  /** Rebuilds the index from the file and cuts off a torn or corrupt tail left by a crash. */
  private recover(file: string): void {
    this.fd = fs.openSync(file, fs.existsSync(file) ? 'r+' : 'w+');
    const size = fs.fstatSync(this.fd).size;
    const data = Buffer.allocUnsafe(size);
    fs.readSync(this.fd, data, 0, size, 0);
    let pos = 0;
    while (pos < size) {
      let h: BatchHeader;
      try {
        h = validateBatch(data, pos);
      } catch (e) {
        if (!(e instanceof InvalidBatchError)) throw e;
        break;
      }
      this.index(h, pos, null);
      this.producers.record(h, h.baseOffset);
      pos += h.size;
    }
    if (pos < size) fs.ftruncateSync(this.fd, pos);
    this.endPosition = pos;
  }

  private index(h: BatchHeader, position: number, bytes: Buffer | null): void {
    this.entries.push({
      baseOffset: h.baseOffset,
      lastOffset: h.baseOffset + h.lastOffsetDelta,
      position,
      size: h.size,
      maxTimestamp: h.maxTimestamp,
      bytes,
    });
    this.nextOffset = h.baseOffset + h.lastOffsetDelta + 1;
  }

  get highWatermark(): number {
    return this.nextOffset;
  }

  /** Appends one validated batch, assigning its offsets; returns the base offset. */
  append(batch: Buffer, h: BatchHeader): number {
    const baseOffset = this.nextOffset;
    stampBatch(batch, baseOffset);
    let bytes: Buffer | null = null;
    if (this.fd !== null) {
      let written = 0;
      while (written < batch.length) written += fs.writeSync(this.fd, batch, written, batch.length - written, this.endPosition + written);
      if (this.opts.fsync) fs.fdatasyncSync(this.fd);
    } else {
      // Copied so that a retained batch does not pin the whole request frame it arrived in.
      bytes = Buffer.from(batch);
    }
    this.index({ ...h, baseOffset }, this.endPosition, bytes);
    this.producers.record(h, baseOffset);
    this.endPosition += batch.length;
    for (const wake of this.waiters) wake();
    return baseOffset;
  }

  /** Index of the batch holding `offset`, or the first one after it. */
  private find(offset: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Bytes a fetch from `offset` could return. */
  bytesFrom(offset: number): number {
    const i = this.find(offset);
    return i < this.entries.length ? this.endPosition - this.entries[i]!.position : 0;
  }

  /**
   * Whole batches from `offset` up to `maxBytes`. When `mustReturnOne`, the first batch comes
   * back even if larger than the limit, so a consumer can always make progress (KIP-74).
   */
  read(offset: number, maxBytes: number, mustReturnOne: boolean): Buffer[] {
    const first = this.find(offset);
    let end = first;
    let bytes = 0;
    while (end < this.entries.length && bytes + this.entries[end]!.size <= maxBytes) bytes += this.entries[end++]!.size;
    if (end === first && mustReturnOne && first < this.entries.length) bytes += this.entries[end++]!.size;
    if (end === first) return [];
    if (this.fd === null) return this.entries.slice(first, end).map((e) => e.bytes!);
    const out = Buffer.allocUnsafe(bytes);
    fs.readSync(this.fd, out, 0, bytes, this.entries[first]!.position);
    return [out];
  }

  /** ListOffsets by timestamp: the first offset whose record timestamp is at least `ts`. */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | null {
    for (const e of this.entries) {
      if (e.maxTimestamp < ts) continue;
      const batch = this.read(e.baseOffset, 0, true)[0]!;
      const hit = firstOffsetAtOrAfter(batch.subarray(0, e.size), ts);
      if (hit) return hit;
    }
    return null;
  }

  /** Registers a callback for the next appends (fetch long-polls); returns its removal. */
  onAppend(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }

  close(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
