import { parseArgs } from 'node:util';
import { createKafkaClient, readDeadLetters, redriveDeadLetters, sourceTopicOf, type DeadLetter } from '@crm/events';
import { createLogger } from '@crm/observability';
import type { Kafka } from 'kafkajs';

const USAGE = `npm run dlq -- list <topic>
npm run dlq -- redrive <topic> [--id <event id>]

Reads the dead letters of <topic> (its messages a consumer parked in <topic>.dlq), or sends them
back to <topic> once their cause is fixed: every one, or the event with --id. A redriven event is
applied by the group that parked it; any group that had applied it already records it as a
duplicate in its inbox and changes nothing. Kafka is KAFKA_BROKERS (comma-separated), or the
development broker \`npm start\` runs (127.0.0.1:19092); --brokers overrides both.`;

const DEV_BROKERS = '127.0.0.1:19092';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function describe(l: DeadLetter): string {
  return [
    `offset ${l.offset}`,
    l.id ?? '(no event id)',
    l.type ?? '(no type)',
    `group ${l.group ?? '?'}`,
    `attempts ${l.attempts}`,
    l.reason,
  ].join('  ');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { id: { type: 'string' }, brokers: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, topic, ...extra] = positionals;
  if (values.help) return void console.log(USAGE);
  if ((command !== 'list' && command !== 'redrive') || !topic || extra.length > 0)
    throw new UsageError('expected `list <topic>` or `redrive <topic>`');
  if (values.id !== undefined && command !== 'redrive') throw new UsageError('--id goes with redrive');
  if (values.id !== undefined && !UUID.test(values.id)) throw new UsageError(`--id "${values.id}" is not an event id (a UUID)`);
  const brokers = (values.brokers ?? process.env.KAFKA_BROKERS ?? DEV_BROKERS)
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  // Silent and quick to give up: an operator at a terminal wants one clear line, not a minute of retries.
  const kafka = createKafkaClient({ brokers, clientId: 'crm-dlq', logger: createLogger('dlq', 'silent'), retries: 2 });
  try {
    await run(kafka, command, topic, values.id);
  } catch (e) {
    if ((e as Error).name.startsWith('KafkaJS')) throw new Error(`Kafka at ${brokers.join(',')}: ${(e as Error).message}`);
    throw e;
  }
}

async function run(kafka: Kafka, command: 'list' | 'redrive', topic: string, id: string | undefined): Promise<void> {
  if (command === 'list') {
    const letters = await readDeadLetters(kafka, topic);
    for (const l of letters) console.log(describe(l));
    console.log(`${letters.length} dead letter(s) in ${sourceTopicOf(topic)}.dlq`);
    return;
  }
  const sent = await redriveDeadLetters(kafka, topic, { id });
  for (const l of sent) console.log(`redriven: ${describe(l)}`);
  console.log(`${sent.length} dead letter(s) sent back to ${sourceTopicOf(topic)}`);
}

class UsageError extends Error {}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  if (e instanceof UsageError) console.error(`\n${USAGE}`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
