import { addOutboxTraceparent, dropOutboxTraceparent } from '@crm/events';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox rows keep the trace context of the mutation that wrote them (see addOutboxTraceparent). */
export class OutboxTraceparent1796149603889 implements MigrationInterface {
  name = 'OutboxTraceparent1796149603889';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addOutboxTraceparent(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOutboxTraceparent(queryRunner);
  }
}
