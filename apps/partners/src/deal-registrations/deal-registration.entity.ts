import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { PartnerEntity } from '../partners/partner.entity';
import type { DealRegistrationStatus } from './deal-registration.enums';

/** A deal a partner registered. partner_id is row-level scoped: a partner sees only its own. */
@Entity('deal_registration')
@Check('deal_registration_amount_check', `"amount" >= 0`)
// (partner_id, submitted_at, id) INCLUDE (status): the scorecard's counts from the index alone.
@Index('deal_registration_partner_idx', { synchronize: false })
@Index('deal_registration_expiry_idx', ['status', 'protectionExpiresAt'])
@Index('deal_registration_opportunity_idx', ['opportunityId'])
export class DealRegistrationEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_deal_registration' })
  id!: string;

  @Column('uuid')
  partnerId!: string;

  @ManyToOne('PartnerEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partner_id', foreignKeyConstraintName: 'FK_deal_registration_partner' })
  partner?: PartnerEntity;

  @Column('text')
  companyName!: string;

  /** Lower case, without a leading www. */
  @Column('text')
  domain!: string;

  /** The sales customer, when the partner named one or the channel manager chose one on approval. */
  @Column('uuid', { nullable: true })
  customerId!: string | null;

  @Column('text')
  contactName!: string;

  @Column('text')
  contactEmail!: string;

  @Column('text')
  productInterest!: string;

  /** The sales product, when the partner named one (checked against sales when registered). */
  @Column('uuid', { nullable: true })
  productId!: string | null;

  /** Exact decimal; never a float, never negative. */
  @Column('numeric', { precision: 19, scale: 4 })
  amount!: string;

  @Column('char', { length: 3 })
  currency!: string;

  /** A day, kept as "YYYY-MM-DD". */
  @Column('date')
  expectedClose!: string;

  @Column('text')
  status!: DealRegistrationStatus;

  /** Minted on approval: the id sales opens the partner's opportunity under. */
  @Column('uuid', { nullable: true })
  opportunityId!: string | null;

  @Column('timestamptz', { nullable: true })
  protectionExpiresAt!: Date | null;

  @Column('text', { nullable: true })
  rejectionReason!: string | null;

  @Column('uuid', { nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @Column('timestamptz')
  submittedAt!: Date;

  /** When the expiry job found it APPROVED and not won past its protection expiry. */
  @Column('timestamptz', { nullable: true })
  expiredAt!: Date | null;
}
