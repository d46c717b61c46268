import * as fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const infra = globalThis.__CRM_TEST_INFRA__;
  if (!infra) return;
  await Promise.allSettled([infra.kafka.stop(), infra.postgres.stop()]);
  if (infra.dir) fs.rmSync(infra.dir, { recursive: true, force: true });
}
