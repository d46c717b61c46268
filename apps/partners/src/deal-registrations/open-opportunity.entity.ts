import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Sales' opportunities as their events tell it (status only): which customers have an open one. Never asked of sales. */
@Entity('open_opportunity')
@Index('open_opportunity_customer_idx', ['customerId', 'status'])
export class OpenOpportunityEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_open_opportunity' })
  opportunityId!: string;

  @Column('uuid')
  customerId!: string;

  /** OPEN, WON or LOST. */
  @Column('text')
  status!: string;
}
