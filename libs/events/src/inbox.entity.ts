import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Events a consumer group has applied, recorded in the same transaction as their effect. */
@Entity('inbox')
export class InboxEntity {
  @PrimaryColumn('text')
  consumer!: string;

  @PrimaryColumn('uuid')
  eventId!: string;

  @Column('text')
  type!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  processedAt!: Date;
}
