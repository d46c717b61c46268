import type { QueryRunner } from 'typeorm';

/** The channel the outbox trigger notifies and the relay listens on. */
export const OUTBOX_CHANNEL = 'outbox_inserted';

/**
 * For a service's migrations: wakes the outbox relay (LISTEN/NOTIFY) as soon as a transaction that
 * wrote events commits, instead of at its next poll. Once per statement, and Postgres folds identical
 * notifications of one transaction into one, so a write pays next to nothing for it.
 */
export async function createOutboxNotifyTrigger(q: QueryRunner): Promise<void> {
  await q.query(
    `CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN PERFORM pg_notify('${OUTBOX_CHANNEL}', ''); RETURN NULL; END $$`,
  );
  await q.query('CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()');
}

export async function dropOutboxNotifyTrigger(q: QueryRunner): Promise<void> {
  await q.query('DROP TRIGGER outbox_notify ON outbox');
  await q.query('DROP FUNCTION outbox_notify()');
}
