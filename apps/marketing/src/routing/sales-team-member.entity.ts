import { Entity, PrimaryColumn } from 'typeorm';

/** A team's member, from team events: a team rule's round-robin goes over these. */
@Entity('sales_team_member')
export class SalesTeamMemberEntity {
  @PrimaryColumn('uuid')
  teamId!: string;

  @PrimaryColumn('uuid')
  userId!: string;
}
