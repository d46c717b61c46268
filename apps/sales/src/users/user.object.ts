import { Connection } from '@crm/graphql';
import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import type { TeamEntity } from './team.entity';
import type { UserEntity } from './user.entity';

@ObjectType({
  description:
    "Someone who works in the CRM, keyed by their token's `sub`: appears on first sign-in, and an admin manages the rest. Other subgraphs point at it (`owner`, `assignee`, `channelManager`).",
})
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID, { description: "The token's `sub`." })
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Job title, e.g. "Account Executive".' })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. "Europe/Berlin".' })
  timeZone!: string | null;

  @Field({ description: 'An inactive user keeps their records but gets nothing new.' })
  active!: boolean;

  @Field(() => ID, { nullable: true })
  managerId!: string | null;

  @Field(() => String, { nullable: true, description: 'The regional office the user works from, e.g. "Central".' })
  regionalOffice!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class UserConnection extends Connection(User) {}

@ObjectType({ description: 'A group of users with a manager; the sales dashboard reports by team.' })
export class Team {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => ID, { nullable: true })
  managerId!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class TeamConnection extends Connection(Team) {}

export function toUser(e: UserEntity): User {
  return {
    id: e.id,
    name: e.name,
    email: e.email,
    title: e.title,
    timeZone: e.timeZone,
    active: e.active,
    managerId: e.managerId,
    regionalOffice: e.regionalOffice,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export function toTeam(e: TeamEntity): Team {
  return { id: e.id, name: e.name, managerId: e.managerId, createdAt: e.createdAt, updatedAt: e.updatedAt };
}
