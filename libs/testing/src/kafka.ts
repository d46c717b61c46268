import { randomBytes } from 'node:crypto';
import { KAFKA_BROKERS_ENV, requiredEnv } from './test-infra-env';

export function testKafkaBrokers(): string[] {
  return requiredEnv(KAFKA_BROKERS_ENV)
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}

/** The broker is shared by the whole run: prefix topics and group ids per test file. */
export function uniqueTopicPrefix(): string {
  return `t${process.pid}-${randomBytes(3).toString('hex')}`;
}
