import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import type { PartnerEntity } from '../partners/partner.entity';
import type { DistributedLeadEntity } from './distributed-lead.entity';
import type { LeadOfferStatus } from './lead-distribution.enums';

/**
 * A lead offered to one partner. partner_id is row-level scoped: a partner sees only its own
 * offers. One offer per lead and partner, so a lead is never offered to a partner twice; at most
 * one PENDING offer per lead, so it is offered to one partner at a time.
 */
@Entity('lead_offer')
@Unique('lead_offer_lead_partner_key', ['leadId', 'partnerId'])
@Index('lead_offer_pending_key', ['leadId'], { unique: true, where: `"status" = 'PENDING'` })
// (partner_id, offered_at, id) INCLUDE (status, decided_at): the scorecard's counts from the index alone.
@Index('lead_offer_partner_idx', { synchronize: false })
@Index('lead_offer_expiry_idx', ['status', 'expiresAt'])
export class LeadOfferEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_lead_offer' })
  id!: string;

  @Column('uuid')
  leadId!: string;

  @ManyToOne('DistributedLeadEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', foreignKeyConstraintName: 'FK_lead_offer_lead' })
  lead?: DistributedLeadEntity;

  @Column('uuid')
  partnerId!: string;

  @ManyToOne('PartnerEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partner_id', foreignKeyConstraintName: 'FK_lead_offer_partner' })
  partner?: PartnerEntity;

  /** The rule that chose the partner. Not a foreign key: a rule may be deactivated while its offers stay. */
  @Column('uuid')
  ruleId!: string;

  @Column('text')
  status!: LeadOfferStatus;

  @Column('timestamptz')
  offeredAt!: Date;

  @Column('timestamptz')
  expiresAt!: Date;

  /** When it was accepted, declined or expired. */
  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  /** The partner user who accepted or declined. */
  @Column('uuid', { nullable: true })
  decidedBy!: string | null;

  @Column('text', { nullable: true })
  declineReason!: string | null;
}
