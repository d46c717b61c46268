import { ErrorCode } from '../protocol/errors';
import type { BatchHeader } from '../protocol/record-batch';

/** Kafka keeps the last five batches per producer so that in-flight retries can be answered. */
const CACHED_BATCHES = 5;
const MAX_SEQUENCE = 0x7fffffff;

interface CachedBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  lastSeq: number;
  batches: CachedBatch[];
}

export type SequenceCheck = { kind: 'append' } | { kind: 'duplicate'; baseOffset: number } | { kind: 'error'; code: number };

const nextSeq = (seq: number): number => (seq === MAX_SEQUENCE ? 0 : seq + 1);
const lastSeqOf = (h: BatchHeader): number => (h.baseSequence + h.lastOffsetDelta) % (MAX_SEQUENCE + 1);

/** Idempotent-producer sequence state of one partition, rebuilt from the log on recovery. */
export class ProducerStateTable {
  private producers = new Map<number, ProducerEntry>();

  check(h: BatchHeader): SequenceCheck {
    if (h.producerId < 0) return { kind: 'append' };
    const entry = this.producers.get(h.producerId);
    if (!entry || h.producerEpoch > entry.epoch) {
      // A producer (or a new epoch of it) starts at sequence 0.
      return h.baseSequence === 0 ? { kind: 'append' } : { kind: 'error', code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    if (h.producerEpoch < entry.epoch) return { kind: 'error', code: ErrorCode.INVALID_PRODUCER_EPOCH };
    const dup = entry.batches.find((b) => b.firstSeq === h.baseSequence && b.lastSeq === lastSeqOf(h));
    if (dup) return { kind: 'duplicate', baseOffset: dup.baseOffset };
    if (h.baseSequence !== nextSeq(entry.lastSeq)) return { kind: 'error', code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    return { kind: 'append' };
  }

  record(h: BatchHeader, baseOffset: number): void {
    if (h.producerId < 0) return;
    let entry = this.producers.get(h.producerId);
    if (!entry || h.producerEpoch !== entry.epoch) {
      entry = { epoch: h.producerEpoch, lastSeq: -1, batches: [] };
      this.producers.set(h.producerId, entry);
    }
    const lastSeq = lastSeqOf(h);
    entry.lastSeq = lastSeq;
    entry.batches.push({ firstSeq: h.baseSequence, lastSeq, baseOffset });
    if (entry.batches.length > CACHED_BATCHES) entry.batches.shift();
  }

  maxProducerId(): number {
    let max = -1;
    for (const id of this.producers.keys()) max = Math.max(max, id);
    return max;
  }
}
