#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { start } from './broker';

const usage = `Usage: kafka-dev-broker [--port 9092] [--host 127.0.0.1] [--advertised-host HOST]
                        [--data-dir .data/kafka | --in-memory] [--auto-create-topics]
                        [--default-partitions 1] [--max-request-bytes 104857600] [--fsync]

A single-node Kafka-protocol broker for development and tests. Never for production.`;

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`kafka-dev-broker: --${name} must be a non-negative integer, got "${value}"`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'advertised-host': { type: 'string' },
        'data-dir': { type: 'string' },
        'in-memory': { type: 'boolean' },
        'auto-create-topics': { type: 'boolean' },
        'default-partitions': { type: 'string' },
        'max-request-bytes': { type: 'string' },
        fsync: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`kafka-dev-broker: ${(e as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const broker = await start({
    port: int('port', values.port) ?? 9092,
    host: values.host,
    advertisedHost: values['advertised-host'],
    dataDir: values['in-memory'] ? null : (values['data-dir'] ?? '.data/kafka'),
    autoCreateTopics: values['auto-create-topics'] ?? false,
    defaultPartitions: int('default-partitions', values['default-partitions']),
    maxRequestBytes: int('max-request-bytes', values['max-request-bytes']),
    fsync: values.fsync ?? false,
    log: (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  const shutdown = () => void broker.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  console.error(`kafka-dev-broker: ${(e as Error).message}`);
  process.exit(1);
});
