import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { TeamEntity } from './team.entity';
import type { UserEntity } from './user.entity';

/** A user in a team; a user may be in several teams. */
@Entity('team_member')
@Index('team_member_user_idx', ['userId'])
export class TeamMemberEntity {
  @PrimaryColumn('uuid')
  teamId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @ManyToOne('TeamEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id' })
  team?: TeamEntity;

  @ManyToOne('UserEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt!: Date;
}
