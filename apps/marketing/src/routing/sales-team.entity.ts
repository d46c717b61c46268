import { Entity, PrimaryColumn } from 'typeorm';

/** Sales' teams as marketing knows them from team events: a routing rule may name one. */
@Entity('sales_team')
export class SalesTeamEntity {
  @PrimaryColumn('uuid')
  id!: string;
}
