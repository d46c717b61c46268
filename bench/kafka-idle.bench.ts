/**
 * The CPU an idle kafkajs client costs its process: a producer and an admin connected to the
 * development broker, then nothing for --seconds. Unpatched, kafkajs 2.2.4 re-arms a 1 ms timer on
 * every connection for as long as it lives (tulios/kafkajs#1704); patches/kafkajs+2.2.4.patch stops
 * it. A benchmark, not a test: it prints the figure.
 *
 *   tsc -b bench && node bench/dist/kafka-idle.bench.js --seconds 10
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { start } from '@crm/kafka-dev-broker';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
  const seconds = Number(values.seconds);
  const broker = await start({ port: 0, autoCreateTopics: true });
  const kafka = new Kafka({ clientId: 'idle-bench', brokers: broker.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const admin = kafka.admin();
  try {
    await Promise.all([producer.connect(), admin.connect()]);
    await producer.send({ topic: 'idle-bench', messages: [{ value: 'x' }] });
    await admin.listTopics();
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const used = process.cpuUsage(before);
    const ms = (used.user + used.system) / 1000;
    console.log(
      `idle for ${seconds} s with a producer and an admin: ${ms.toFixed(0)} ms of CPU (${((ms / (seconds * 1000)) * 100).toFixed(1)} % of a core)`,
    );
  } finally {
    await Promise.all([producer.disconnect(), admin.disconnect()]);
    await broker.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
