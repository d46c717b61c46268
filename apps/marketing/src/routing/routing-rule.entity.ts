import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One assignment rule. Rules are tried in `position` order; the first whose conditions all hold
 * (an empty list holds for any lead) assigns the lead: round-robin over `ownerIds`, over the
 * active members of `teamId`, or, with `toPartners`, to the partner channel (partners picks the partner).
 */
@Entity('routing_rule')
@Index('routing_rule_position_idx', ['position', 'id'])
export class RoutingRuleEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('integer')
  position!: number;

  /** ISO 3166-1 alpha-2, uppercase: the territory. */
  @Column('text', { array: true, default: '{}' })
  countries!: string[];

  /** Lowercase. */
  @Column('text', { array: true, default: '{}' })
  industries!: string[];

  /** LeadSource values. */
  @Column('text', { array: true, default: '{}' })
  sources!: string[];

  @Column('uuid', { array: true, default: '{}' })
  ownerIds!: string[];

  @Column('uuid', { nullable: true })
  teamId!: string | null;

  /** Hands the lead to partners' distribution instead of an owner. */
  @Column('boolean', { default: false })
  toPartners!: boolean;

  /** A LEAD_ROUTING_REGIONS value partners match a lead without a country by (rules to partners only). */
  @Column('text', { nullable: true })
  partnerRegion!: string | null;

  /** How many leads the rule has assigned: the round-robin's turn. */
  @Column('integer', { default: 0 })
  assigned!: number;

  @Column('boolean')
  active!: boolean;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
