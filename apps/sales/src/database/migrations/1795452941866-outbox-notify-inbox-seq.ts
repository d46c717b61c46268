import { createOutboxNotifyTrigger, dropOutboxNotifyTrigger } from '@crm/events';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Wakes the outbox relay on commit (LISTEN/NOTIFY); numbers inbox rows in the order events were applied. */
export class OutboxNotifyInboxSeq1795452941866 implements MigrationInterface {
  name = 'OutboxNotifyInboxSeq1795452941866';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "inbox" ADD "seq" BIGSERIAL NOT NULL');
    await createOutboxNotifyTrigger(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOutboxNotifyTrigger(queryRunner);
    await queryRunner.query('ALTER TABLE "inbox" DROP COLUMN "seq"');
  }
}
