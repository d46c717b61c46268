import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** An integration that calls the graph on its own behalf, with roles an admin gave it; it signs in with API keys. */
@Entity('service_account')
@Index('service_account_name_key', ['name'], { unique: true })
export class ServiceAccountEntity {
  /** Also the `sub` of the tokens its keys are exchanged for. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_service_account' })
  id!: string;

  @Column('text')
  name!: string;

  /** Staff roles only (never admin, partner or customer): the service refuses the others. */
  @Column('text', { array: true })
  roles!: string[];

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
