/**
 * Builds a response as a list of chunks: small fields go into a growing scratch buffer,
 * record batches are appended by reference so a fetch never copies the log.
 */
export class Writer {
  private chunks: Buffer[] = [];
  private scratch = Buffer.allocUnsafe(256);
  private pos = 0;
  private total = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.scratch.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.pos + n));
    this.scratch.copy(next, 0, 0, this.pos);
    this.scratch = next;
  }

  private flushScratch(): void {
    if (this.pos === 0) return;
    this.chunks.push(Buffer.from(this.scratch.subarray(0, this.pos)));
    this.pos = 0;
  }

  get length(): number {
    return this.total;
  }

  int8(v: number): this {
    this.ensure(1);
    this.pos = this.scratch.writeInt8(v, this.pos);
    this.total += 1;
    return this;
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  int16(v: number): this {
    this.ensure(2);
    this.pos = this.scratch.writeInt16BE(v, this.pos);
    this.total += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.pos = this.scratch.writeInt32BE(v, this.pos);
    this.total += 4;
    return this;
  }

  int64(v: number): this {
    this.ensure(8);
    this.pos = this.scratch.writeBigInt64BE(BigInt(v), this.pos);
    this.total += 8;
    return this;
  }

  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const len = Buffer.byteLength(v);
    this.int16(len);
    this.ensure(len);
    this.pos += this.scratch.write(v, this.pos, 'utf8');
    this.total += len;
    return this;
  }

  bytes(v: Buffer | null): this {
    if (v === null) return this.int32(-1);
    this.int32(v.length);
    return this.raw(v);
  }

  /** Length-prefixed concatenation of buffers, written without copying them. */
  bytesList(parts: Buffer[] | null): this {
    if (parts === null) return this.int32(-1);
    this.int32(parts.reduce((n, b) => n + b.length, 0));
    for (const p of parts) this.raw(p);
    return this;
  }

  raw(v: Buffer): this {
    if (v.length <= 64) {
      this.ensure(v.length);
      v.copy(this.scratch, this.pos);
      this.pos += v.length;
    } else {
      this.flushScratch();
      this.chunks.push(v);
    }
    this.total += v.length;
    return this;
  }

  array<T>(items: readonly T[] | null, item: (w: Writer, v: T) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (const v of items) item(this, v);
    return this;
  }

  int32Array(items: readonly number[]): this {
    return this.array(items, (w, v) => w.int32(v));
  }

  toChunks(): Buffer[] {
    this.flushScratch();
    return this.chunks;
  }
}
