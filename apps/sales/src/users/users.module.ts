import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TeamMemberEntity } from './team-member.entity';
import { TeamRepository } from './team.repository';
import { TeamResolver } from './team.resolver';
import { TeamService } from './team.service';
import { TeamEntity } from './team.entity';
import { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';
import { UserResolver } from './user.resolver';
import { UserService } from './user.service';
import { UserSignInMiddleware } from './user-sign-in.middleware';
import { UserSignInService } from './user-sign-in.service';
import { OwnedByService } from './owned-by';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, TeamEntity, TeamMemberEntity])],
  providers: [UserRepository, TeamRepository, UserService, TeamService, OwnedByService, UserSignInService, UserResolver, TeamResolver],
  // The owner fields and "my records" filters of customers, deals and activities; notes' mentions.
  exports: [UserService, TeamService, OwnedByService],
})
export class UsersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(UserSignInMiddleware).forRoutes('graphql');
  }
}

export const USER_ENTITIES = [UserEntity, TeamEntity, TeamMemberEntity];
