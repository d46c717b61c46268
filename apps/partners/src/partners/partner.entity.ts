import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PartnerKind, PartnerStatus, PartnerTier } from './partner.enums';

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

  @Column('text', { default: 'REGISTERED' })
  tier!: PartnerTier;

  @Column('text', { default: 'PROSPECT' })
  status!: PartnerStatus;

  /** ISO 3166-1 alpha-2 countries and region codes, upper case, each once. */
  @Column('text', { array: true, default: () => "'{}'" })
  territory!: string[];

  /** The staff user (token `sub`) who manages the partner; not a foreign key: users live in the identity provider. */
  @Column('uuid', { nullable: true })
  channelManagerId!: string | null;

  /** Set by the application (millisecond precision, as keyset cursors carry it). */
  @Column('timestamptz')
  createdAt!: Date;
}
