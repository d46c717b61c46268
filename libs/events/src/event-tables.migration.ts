import type { QueryRunner } from 'typeorm';

/*
 * The platform's tables in every service's database, for that service's migrations. A new
 * service's first migration calls `createEventTables`; a later change to these tables is one more
 * helper here that each service's next migration calls. The services' migrations up to
 * OutboxNotifyInboxSeq are history written before these helpers and stay as they were applied.
 */

/** The channel the outbox trigger notifies and the relay listens on. */
export const OUTBOX_CHANNEL = 'outbox_inserted';

/** The inbox, the outbox with its unpublished index and NOTIFY trigger, in their current shape. */
export async function createEventTables(q: QueryRunner): Promise<void> {
  await q.query(
    `CREATE TABLE "inbox" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "seq" BIGSERIAL NOT NULL,
     "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))`,
  );
  await q.query(
    `CREATE TABLE "outbox" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "topic" text NOT NULL, "type" text NOT NULL, "source" text NOT NULL,
     "subject" text NOT NULL, "time" TIMESTAMP WITH TIME ZONE NOT NULL, "data" jsonb NOT NULL, "traceparent" text,
     "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
     CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
  );
  await q.query('CREATE INDEX "outbox_unpublished_idx" ON "outbox" ("seq") WHERE published_at IS NULL');
  await createOutboxNotifyTrigger(q);
}

export async function dropEventTables(q: QueryRunner): Promise<void> {
  await dropOutboxNotifyTrigger(q);
  await q.query('DROP TABLE "outbox"');
  await q.query('DROP TABLE "inbox"');
}

/**
 * Outbox rows carry the W3C `traceparent` of the transaction that wrote them, so the relay can
 * send it on and a consumer's work joins the trace of the mutation that caused it.
 */
export async function addOutboxTraceparent(q: QueryRunner): Promise<void> {
  await q.query('ALTER TABLE "outbox" ADD "traceparent" text');
}

export async function dropOutboxTraceparent(q: QueryRunner): Promise<void> {
  await q.query('ALTER TABLE "outbox" DROP COLUMN "traceparent"');
}

/**
 * Wakes the outbox relay (LISTEN/NOTIFY) as soon as a transaction that wrote events commits,
 * instead of at its next poll. Once per statement, and Postgres folds identical notifications of
 * one transaction into one, so a write pays next to nothing for it.
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
