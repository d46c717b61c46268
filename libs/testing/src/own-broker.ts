import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunningBroker } from '@crm/kafka-dev-broker';

export interface OwnBroker {
  brokers: string[];
  /** Stops the broker, as an outage would; its data folder is kept. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data, so clients reconnect as to a recovered broker. */
  restart(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

/** A broker of the test file's own, for tests that stop it or that must not share consumer groups with other files. */
export async function startOwnBroker(): Promise<OwnBroker> {
  const { start } = await import('@crm/kafka-dev-broker');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-own-broker-'));
  let running: RunningBroker | null = await start({ port: 0, dataDir, groupMinSessionTimeoutMs: 500 });
  const port = running.port;
  const stop = async () => {
    await running?.stop();
    running = null;
  };
  return {
    brokers: running.brokers,
    stop,
    restart: async () => {
      running ??= await start({ port, dataDir, groupMinSessionTimeoutMs: 500 });
    },
    destroy: async () => {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
