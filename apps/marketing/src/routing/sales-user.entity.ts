import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What marketing knows of sales' users, from their events: who exists and may be given leads. */
@Entity('sales_user')
export class SalesUserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('boolean')
  active!: boolean;
}
