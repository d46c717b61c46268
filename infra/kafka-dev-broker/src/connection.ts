import type { Socket } from 'node:net';
import { API_TABLE, apiVersionsBody } from './api';
import type { BrokerState } from './broker-state';
import { ApiKey } from './protocol/api-keys';
import { ErrorCode } from './protocol/errors';
import { MalformedRequestError, Reader } from './protocol/reader';
import type { Writer } from './protocol/writer';

/** Past this many unanswered requests the socket is paused, as Kafka mutes a busy channel. */
const MAX_QUEUED_REQUESTS = 64;

/**
 * One client connection. Requests are answered one at a time and in order, as Kafka does;
 * anything wrong with a frame closes this connection only.
 */
export class Connection {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private queue: Buffer[] = [];
  private busy = false;
  private closed = false;
  readonly peer: string;

  constructor(
    private readonly socket: Socket,
    private readonly state: BrokerState,
    private readonly maxRequestBytes: number,
  ) {
    this.peer = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (d) => this.onData(d));
    socket.on('error', (e) => this.state.log(`connection ${this.peer}: ${e.message}`));
    socket.on('close', () => {
      this.closed = true;
      this.state.log(`connection ${this.peer} closed`);
    });
  }

  private fail(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.state.log(`connection ${this.peer}: ${reason}; closing it`);
    this.socket.destroy();
  }

  private onData(d: Buffer): void {
    this.buffered.push(d);
    this.bufferedBytes += d.length;
    while (this.bufferedBytes >= 4 && !this.closed) {
      if (this.buffered[0]!.length < 4) this.buffered = [Buffer.concat(this.buffered)];
      const size = this.buffered[0]!.readInt32BE(0);
      if (size < 0 || size > this.maxRequestBytes) {
        this.fail(`request of ${size} bytes exceeds the ${this.maxRequestBytes}-byte limit`);
        return;
      }
      if (this.bufferedBytes < 4 + size) break;
      const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
      this.queue.push(all.subarray(4, 4 + size));
      const rest = all.subarray(4 + size);
      this.buffered = rest.length ? [rest] : [];
      this.bufferedBytes = rest.length;
    }
    if (this.queue.length > MAX_QUEUED_REQUESTS) this.socket.pause();
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    while (this.queue.length > 0 && !this.closed) {
      await this.handle(this.queue.shift()!);
      if (this.queue.length <= MAX_QUEUED_REQUESTS / 2) this.socket.resume();
    }
    this.busy = false;
  }

  private async handle(frame: Buffer): Promise<void> {
    const r = new Reader(frame);
    let apiKey = -1;
    let version = -1;
    try {
      apiKey = r.int16();
      version = r.int16();
      const correlationId = r.int32();
      const clientId = r.nullableString() ?? '';
      const api = API_TABLE.get(apiKey);
      if (apiKey === ApiKey.ApiVersions && api && version > api.maxVersion) {
        // KIP-511: answer in v0 so the client can read the versions and step down.
        this.send(correlationId, apiVersionsBody(ErrorCode.UNSUPPORTED_VERSION, 0));
        return;
      }
      if (!api || version < api.minVersion || version > api.maxVersion) {
        this.fail(`unsupported request: api key ${apiKey} version ${version}`);
        return;
      }
      const ctx = { state: this.state, clientId, clientHost: `/${this.socket.remoteAddress ?? ''}` };
      const body = await api.handle(ctx, version, r);
      if (body) this.send(correlationId, body);
    } catch (e) {
      if (e instanceof MalformedRequestError) this.fail(`malformed request (api key ${apiKey} v${version}): ${e.message}`);
      else this.fail(`internal error on api key ${apiKey} v${version}: ${(e as Error).stack ?? String(e)}`);
    }
  }

  private send(correlationId: number, body: Writer): void {
    if (this.closed) return;
    const chunks = body.toChunks();
    const head = Buffer.allocUnsafe(8);
    head.writeInt32BE(body.length + 4, 0);
    head.writeInt32BE(correlationId, 4);
    this.socket.cork();
    this.socket.write(head);
    for (const c of chunks) this.socket.write(c);
    this.socket.uncork();
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }
}
