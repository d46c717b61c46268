import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PartnerKind } from './partner.enums';

@Entity('partner')
@Index('partner_name_key', ['nameKey'], { unique: true })
@Index('partner_created_idx', ['createdAt', 'id'])
export class PartnerEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** As the partner spells it. */
  @Column('text')
  name!: string;

  /** partnerNameKey(name): unique, so names are unique regardless of case; also the NAME_ASC sort key. */
  @Column('text')
  nameKey!: string;

  @Column('text', { default: 'RESELLER' })
  kind!: PartnerKind;

  /** Set by the application (millisecond precision, as keyset cursors carry it). */
  @Column('timestamptz')
  createdAt!: Date;
}
