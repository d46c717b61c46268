import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CustomerEntity } from '../customers/customer.entity';
import type { PipelineStageEntity } from '../pipelines/pipeline-stage.entity';
import type { PipelineEntity } from '../pipelines/pipeline.entity';
import type { OpportunityStatus } from './opportunity.enums';

@Entity('opportunity')
@Check('opportunity_amount_check', `"amount" >= 0`)
@Check('opportunity_status_check', `"status" IN ('OPEN', 'WON', 'LOST')`)
@Index('opportunity_customer_idx', ['customerId', 'createdAt'])
@Index('opportunity_created_idx', ['createdAt', 'id'])
@Index('opportunity_amount_idx', ['amount', 'id'])
@Index('opportunity_close_date_idx', ['closeDate', 'id'])
@Index('opportunity_owner_idx', ['ownerId', 'status'])
@Index('opportunity_stage_idx', ['stageId'])
@Index('opportunity_closed_at_idx', ['closedAt'])
export class OpportunityEntity {
  /** Minted by the caller when it wants idempotency (lead conversion, deal registration). */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  customerId!: string;

  @ManyToOne('CustomerEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id' })
  customer?: CustomerEntity;

  @Column('text')
  name!: string;

  /** Exact decimal; never a float. */
  @Column('numeric', { precision: 19, scale: 4 })
  amount!: string;

  @Column('char', { length: 3 })
  currency!: string;

  /** A day, kept as "YYYY-MM-DD". */
  @Column('date')
  closeDate!: string;

  /** A user id; null when the caller is not known yet (before the auth guard lands). */
  @Column('uuid', { nullable: true })
  ownerId!: string | null;

  /** The reseller or affiliate behind the deal; row-level security keys on it. */
  @Index('opportunity_partner_idx')
  @Column('uuid', { nullable: true })
  partnerId!: string | null;

  @Column('uuid')
  pipelineId!: string;

  @ManyToOne('PipelineEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pipeline_id' })
  pipeline?: PipelineEntity;

  @Column('uuid')
  stageId!: string;

  @ManyToOne('PipelineStageEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stage_id' })
  stage?: PipelineStageEntity;

  /** Mirrors the stage's outcome, so open/won/lost filters need no join. */
  @Column('text')
  status!: OpportunityStatus;

  @Column('text', { nullable: true })
  closeReason!: string | null;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  /**
   * Whether the amount was typed in rather than following the lines: set by updateOpportunity's
   * `amount`, cleared by its `amountFollowsLines` and by an accepted quote. While false, setting the
   * lines sets the amount to their sum; a deal without lines keeps the amount it was opened with.
   */
  @Column('boolean', { default: false })
  amountSetByHand!: boolean;

  /** The deal's id in the CRM it was imported from (importDeals); importing it again changes nothing. Optional: only imports set it. */
  @Index('opportunity_external_id_key', { unique: true })
  @Column('text', { nullable: true })
  externalId?: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
