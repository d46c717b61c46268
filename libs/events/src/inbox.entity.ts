import { Column, CreateDateColumn, Entity, Generated, PrimaryColumn } from 'typeorm';

/** Events a consumer group has applied, recorded in the same transaction as their effect. */
@Entity('inbox')
export class InboxEntity {
  @PrimaryColumn('text')
  consumer!: string;

  @PrimaryColumn('uuid')
  eventId!: string;

  @Column('text')
  type!: string;

  /** Order in which events were applied, so an operator (or a test) can check a customer's events kept theirs. */
  @Column('bigint')
  @Generated('increment')
  seq!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  processedAt!: Date;
}
