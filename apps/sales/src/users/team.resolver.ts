import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { ConnectionArgs, mapNodes, ParseIdPipe, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdminOnly } from './admin-only';
import { TeamService } from './team.service';
import { CreateTeamInput, TEAM_MEMBERS_MAX, TeamMembersInput, UpdateTeamInput } from './user.input';
import { usersById } from './user.loaders';
import { Team, TeamConnection, toTeam, toUser, User } from './user.object';
import { UserService } from './user.service';

@CanRead('sales')
@Resolver(() => Team)
export class TeamResolver {
  constructor(
    private readonly teamService: TeamService,
    private readonly userService: UserService,
  ) {}

  private byId(ctx: GraphQLRequestContext) {
    return ctx.loaders.get('teamById', (ids) => this.teamService.findByIds(ids));
  }

  @Query(() => Team, { nullable: true, description: 'A team by id, or null when there is none.' })
  async team(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<Team | null> {
    const found = await this.byId(ctx).load(id);
    return found ? toTeam(found) : null;
  }

  @Query(() => TeamConnection, { description: 'Teams by name, a page at a time.' })
  async teams(@Args() args: ConnectionArgs): Promise<TeamConnection> {
    return mapNodes(await this.teamService.page(args), toTeam);
  }

  @AdminOnly()
  @Mutation(() => Team, { description: 'A new team, with its manager and first members (admin only).' })
  async createTeam(@Args('input') input: CreateTeamInput, @CurrentIdentity() caller: Identity): Promise<Team> {
    return toTeam(await this.teamService.create(caller, input));
  }

  @AdminOnly()
  @Mutation(() => Team, { description: 'Renames a team or changes its manager (admin only).' })
  async updateTeam(@Args('input') input: UpdateTeamInput, @CurrentIdentity() caller: Identity): Promise<Team> {
    return toTeam(await this.teamService.update(caller, input));
  }

  @AdminOnly()
  @Mutation(() => Team, { description: 'Deletes a team; its members stay users (admin only).' })
  async deleteTeam(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string, @CurrentIdentity() caller: Identity): Promise<Team> {
    return toTeam(await this.teamService.delete(caller, id));
  }

  @AdminOnly()
  @Mutation(() => Team, { description: 'Adds users to a team; those already in it stay (admin only).' })
  async addTeamMembers(@Args('input') input: TeamMembersInput, @CurrentIdentity() caller: Identity): Promise<Team> {
    return toTeam(await this.teamService.addMembers(caller, input));
  }

  @AdminOnly()
  @Mutation(() => Team, { description: 'Takes users out of a team (admin only).' })
  async removeTeamMembers(@Args('input') input: TeamMembersInput, @CurrentIdentity() caller: Identity): Promise<Team> {
    return toTeam(await this.teamService.removeMembers(caller, input));
  }

  @ResolveField(() => User, { nullable: true })
  async manager(@Parent() team: Team, @Context() ctx: GraphQLRequestContext): Promise<User | null> {
    if (!team.managerId) return null;
    const found = await usersById(ctx, this.userService).load(team.managerId);
    return found ? toUser(found) : null;
  }

  @ResolveField(() => [User], { description: `Its members by name, at most ${TEAM_MEMBERS_MAX}.` })
  async members(@Parent() team: Team, @Context() ctx: GraphQLRequestContext): Promise<User[]> {
    const members = await ctx.loaders.get('membersByTeam', (ids) => this.teamService.membersOfTeams(ids)).load(team.id);
    return members.map(toUser);
  }
}
