import { Entity, Index, PrimaryColumn } from 'typeorm';

/** Who is in which team, as sales' team events say: expands a team mention to its members. */
@Entity('directory_team_member')
@Index('directory_team_member_user_idx', ['userId'])
export class DirectoryTeamMemberEntity {
  @PrimaryColumn('uuid')
  teamId!: string;

  @PrimaryColumn('uuid')
  userId!: string;
}
