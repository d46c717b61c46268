import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ConsentChannel, ConsentStatus } from './consent.enums';

/**
 * The current consent of one address on one channel: the latest record's status, kept beside the
 * history so a send checks 10,000 members in one indexed join rather than a scan of the history.
 */
@Entity('consent_state')
export class ConsentStateEntity {
  @PrimaryColumn('text')
  email!: string;

  @PrimaryColumn('text')
  channel!: ConsentChannel;

  @Column('text')
  status!: ConsentStatus;

  @Column('uuid')
  recordId!: string;

  @Column('timestamptz')
  changedAt!: Date;
}
