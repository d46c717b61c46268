import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import type { LeadEntity } from '../leads/lead.entity';

/**
 * A lead routed to the partner channel, and the partner that accepted it. partner_id is
 * row-level scoped: a partner reads exactly the leads it accepted; null (not accepted yet) is
 * internal. Beside the lead rather than a column of it, so the lead table and every read of it
 * stay as they are.
 */
@Entity('partner_lead')
@Index('partner_lead_partner_idx', ['partnerId', 'routedAt', 'leadId'])
export class PartnerLeadEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_partner_lead' })
  leadId!: string;

  @OneToOne('LeadEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id', foreignKeyConstraintName: 'FK_partner_lead_lead' })
  lead?: LeadEntity;

  /** The partner that accepted the lead; null until one does. */
  @Column('uuid', { nullable: true })
  partnerId!: string | null;

  /** The sales region the lead was routed by, when its country alone did not say. */
  @Column('text', { nullable: true })
  region!: string | null;

  /** The sales product the lead is interested in, as the router named it. */
  @Column('uuid', { nullable: true })
  productId!: string | null;

  @Column('uuid', { nullable: true })
  routedBy!: string | null;

  @Column('timestamptz')
  routedAt!: Date;

  @Column('timestamptz', { nullable: true })
  acceptedAt!: Date | null;
}
