import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Two related cases. Stored in both directions, so either case lists the other by its primary key prefix. */
@Entity('case_relation')
export class CaseRelationEntity {
  @PrimaryColumn('uuid')
  caseId!: string;

  @PrimaryColumn('uuid')
  relatedCaseId!: string;

  @Column('timestamptz')
  relatedAt!: Date;
}
