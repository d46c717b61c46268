import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PartnerTier } from '../partners/partner.enums';

/**
 * Which partners a routed lead may be offered to: those ACTIVE, of at least `minimumTier`, whose
 * territory covers the lead's country or region, under `capacity` leads held. Rules are tried by
 * priority; among a rule's eligible partners the one offered a lead longest ago goes first (round-robin).
 */
@Entity('lead_distribution_rule')
@Check('lead_distribution_rule_capacity_check', `"capacity" > 0`)
@Check('lead_distribution_rule_accept_within_check', `"accept_within_seconds" > 0`)
@Index('lead_distribution_rule_priority_idx', ['priority', 'id'])
export class LeadDistributionRuleEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_lead_distribution_rule' })
  id!: string;

  @Column('text')
  name!: string;

  /** Lower goes first. */
  @Column('integer')
  priority!: number;

  /** Countries and regions the rule takes leads from; empty takes every lead. */
  @Column('text', { array: true, default: () => "'{}'" })
  territory!: string[];

  @Column('text')
  minimumTier!: PartnerTier;

  /** Only leads interested in this sales product; null for any. */
  @Column('uuid', { nullable: true })
  productId!: string | null;

  /** Leads a partner may hold at once under this rule: pending offers plus leads accepted in the last 30 days. */
  @Column('integer')
  capacity!: number;

  /** How long a partner has to accept or decline before the lead moves on. */
  @Column('integer')
  acceptWithinSeconds!: number;

  @Column('boolean', { default: true })
  active!: boolean;

  @Column('timestamptz')
  createdAt!: Date;
}
