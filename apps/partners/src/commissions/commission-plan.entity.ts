import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A commission plan: the rates in effect for opportunities won from `validFrom` until the next plan's. Internal. */
@Entity('commission_plan')
@Index('commission_plan_valid_from_idx', ['validFrom', 'id'])
export class CommissionPlanEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_commission_plan' })
  id!: string;

  @Column('text')
  name!: string;

  @Column('timestamptz')
  validFrom!: Date;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @Column('timestamptz')
  createdAt!: Date;
}
