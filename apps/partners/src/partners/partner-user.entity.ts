import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { PartnerEntity } from './partner.entity';

/**
 * A person at a partner who gets partner tokens. `userId` is their token's `sub`, unique across
 * partners: a person signs in for one partner. partner_id is row-level scoped.
 */
@Entity('partner_user')
@Index('partner_user_user_key', ['userId'], { unique: true })
export class PartnerUserEntity {
  @PrimaryColumn('uuid')
  partnerId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @ManyToOne('PartnerEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partner_id', foreignKeyConstraintName: 'FK_partner_user_partner' })
  partner?: PartnerEntity;

  @Column('text')
  name!: string;

  @Column('text')
  email!: string;

  @Column('timestamptz')
  addedAt!: Date;
}
