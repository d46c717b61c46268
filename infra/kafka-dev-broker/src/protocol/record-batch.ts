import { gunzipSync } from 'node:zlib';
import { crc32c } from './crc32c';

// Offsets inside a v2 record batch (magic 2), as laid out in Kafka's DefaultRecordBatch.
export const BATCH_HEADER_SIZE = 61;
const LENGTH_OFFSET = 8;
const LEADER_EPOCH_OFFSET = 12;
const MAGIC_OFFSET = 16;
const CRC_OFFSET = 17;
const ATTRIBUTES_OFFSET = 21;
const LAST_OFFSET_DELTA_OFFSET = 23;
const FIRST_TIMESTAMP_OFFSET = 27;
const MAX_TIMESTAMP_OFFSET = 35;
const PRODUCER_ID_OFFSET = 43;
const PRODUCER_EPOCH_OFFSET = 51;
const BASE_SEQUENCE_OFFSET = 53;
const RECORD_COUNT_OFFSET = 57;

const COMPRESSION_MASK = 0x07;
const TRANSACTIONAL_FLAG = 0x10;
const CONTROL_FLAG = 0x20;

export interface BatchHeader {
  baseOffset: number;
  /** Whole batch, header included. */
  size: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  firstTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export class InvalidBatchError extends Error {}

export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  if (buf.length - pos < BATCH_HEADER_SIZE) throw new InvalidBatchError('record batch shorter than its header');
  return {
    baseOffset: Number(buf.readBigInt64BE(pos)),
    size: buf.readInt32BE(pos + LENGTH_OFFSET) + 12,
    magic: buf.readInt8(pos + MAGIC_OFFSET),
    crc: buf.readUInt32BE(pos + CRC_OFFSET),
    attributes: buf.readInt16BE(pos + ATTRIBUTES_OFFSET),
    lastOffsetDelta: buf.readInt32BE(pos + LAST_OFFSET_DELTA_OFFSET),
    firstTimestamp: Number(buf.readBigInt64BE(pos + FIRST_TIMESTAMP_OFFSET)),
    maxTimestamp: Number(buf.readBigInt64BE(pos + MAX_TIMESTAMP_OFFSET)),
    producerId: Number(buf.readBigInt64BE(pos + PRODUCER_ID_OFFSET)),
    producerEpoch: buf.readInt16BE(pos + PRODUCER_EPOCH_OFFSET),
    baseSequence: buf.readInt32BE(pos + BASE_SEQUENCE_OFFSET),
    recordCount: buf.readInt32BE(pos + RECORD_COUNT_OFFSET),
  };
}

/** Checks a batch that starts at `pos`: magic 2, a length that fits, a matching CRC-32C. */
export function validateBatch(buf: Buffer, pos = 0): BatchHeader {
  const h = readBatchHeader(buf, pos);
  if (h.magic !== 2) throw new InvalidBatchError(`unsupported record batch magic ${h.magic}; only magic 2 is accepted`);
  if (h.size < BATCH_HEADER_SIZE || pos + h.size > buf.length) throw new InvalidBatchError('record batch length does not match its bytes');
  if (h.lastOffsetDelta < 0 || h.recordCount < 0) throw new InvalidBatchError('record batch has negative counts');
  if (crc32c(buf, pos + ATTRIBUTES_OFFSET, pos + h.size) !== h.crc) throw new InvalidBatchError('record batch CRC-32C mismatch');
  return h;
}

export const isTransactional = (h: BatchHeader): boolean => (h.attributes & TRANSACTIONAL_FLAG) !== 0;
export const isControl = (h: BatchHeader): boolean => (h.attributes & CONTROL_FLAG) !== 0;

/** The broker assigns offsets: only the base offset and leader epoch change, both outside the CRC. */
export function stampBatch(batch: Buffer, baseOffset: number): void {
  batch.writeBigInt64BE(BigInt(baseOffset), 0);
  batch.writeInt32BE(0, LEADER_EPOCH_OFFSET);
}

class VarReader {
  constructor(
    private buf: Buffer,
    public pos: number,
  ) {}

  varlong(): number {
    let shift = 0n;
    let result = 0n;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new InvalidBatchError('varint runs past the batch');
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw new InvalidBatchError('varint too long');
    }
    return Number((result >> 1n) ^ -(result & 1n));
  }
}

/**
 * The offset of the first record in the batch whose timestamp is at least `ts`, or null.
 * Codecs other than none and gzip need libraries this broker does not carry; for them the
 * batch's base offset is answered, which is never later than the exact one.
 */
export function firstOffsetAtOrAfter(batch: Buffer, ts: number): { offset: number; timestamp: number } | null {
  const h = readBatchHeader(batch);
  if (h.maxTimestamp < ts) return null;
  const codec = h.attributes & COMPRESSION_MASK;
  let records: Buffer;
  if (codec === 0) records = batch.subarray(BATCH_HEADER_SIZE, h.size);
  else if (codec === 1) records = gunzipSync(batch.subarray(BATCH_HEADER_SIZE, h.size));
  else return { offset: h.baseOffset, timestamp: h.firstTimestamp };
  const r = new VarReader(records, 0);
  for (let i = 0; i < h.recordCount; i++) {
    const length = r.varlong();
    const end = r.pos + length;
    r.pos += 1; // attributes
    const timestamp = h.firstTimestamp + r.varlong();
    const offsetDelta = r.varlong();
    if (timestamp >= ts) return { offset: h.baseOffset + offsetDelta, timestamp };
    r.pos = end;
  }
  return null;
}
