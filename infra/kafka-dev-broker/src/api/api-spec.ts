import type { RequestContext } from '../broker-state';
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';

/** One API key at the versions this broker implements; ApiVersions advertises exactly these. */
export interface ApiSpec {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  /** Returns the response body, or null when the protocol sends none (Produce with acks=0). */
  handle(ctx: RequestContext, version: number, r: Reader): Promise<Writer | null> | Writer | null;
}
