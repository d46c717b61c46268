import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { mapNodes, ParseIdPipe, type GraphQLRequestContext, referenceId } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { AdminOnly } from './admin-only';
import { TeamService } from './team.service';
import { CreateUserInput, UpdateUserInput, UsersArgs } from './user.input';
import { usersById } from './user.loaders';
import { Team, toTeam, toUser, User, UserConnection } from './user.object';
import { UserService } from './user.service';

@CanRead('sales')
@Resolver(() => User)
export class UserResolver {
  constructor(
    private readonly userService: UserService,
    private readonly teamService: TeamService,
  ) {}

  @Query(() => User, { nullable: true, description: 'The caller, as the directory knows them; null for a token without a user.' })
  async me(@CurrentIdentity() caller: Identity, @Context() ctx: GraphQLRequestContext): Promise<User | null> {
    if (!caller.userId) return null;
    const found = await usersById(ctx, this.userService).load(caller.userId);
    return found ? toUser(found) : null;
  }

  @Query(() => User, { nullable: true, description: 'A user by id, or null when there is none.' })
  async user(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<User | null> {
    const found = await usersById(ctx, this.userService).load(id);
    return found ? toUser(found) : null;
  }

  @Query(() => UserConnection, { description: 'The directory, by name, a page at a time.' })
  async users(@Args() args: UsersArgs): Promise<UserConnection> {
    return mapNodes(await this.userService.page(args), toUser);
  }

  @AdminOnly()
  @Mutation(() => User, { description: 'Adds a user before their first sign-in (admin only).' })
  async createUser(@Args('input') input: CreateUserInput, @CurrentIdentity() caller: Identity): Promise<User> {
    return toUser(await this.userService.create(caller, input));
  }

  @AdminOnly()
  @Mutation(() => User, { description: "Changes a user's profile; null clears an optional field (admin only)." })
  async updateUser(@Args('input') input: UpdateUserInput, @CurrentIdentity() caller: Identity): Promise<User> {
    return toUser(await this.userService.update(caller, input));
  }

  @AdminOnly()
  @Mutation(() => User, { description: 'Marks a user inactive: they keep their records (admin only).' })
  async deactivateUser(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<User> {
    return toUser(await this.userService.setActive(caller, id, false));
  }

  @AdminOnly()
  @Mutation(() => User, { description: 'Makes an inactive user active again (admin only).' })
  async reactivateUser(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<User> {
    return toUser(await this.userService.setActive(caller, id, true));
  }

  @ResolveReference()
  async resolveReference(@Parent() reference: { id?: unknown }, @Context() ctx: GraphQLRequestContext): Promise<User | null> {
    const id = referenceId(reference);
    if (!id) return null;
    const found = await usersById(ctx, this.userService).load(id);
    return found ? toUser(found) : null;
  }

  @ResolveField(() => User, { nullable: true })
  async manager(@Parent() user: User, @Context() ctx: GraphQLRequestContext): Promise<User | null> {
    if (!user.managerId) return null;
    const found = await usersById(ctx, this.userService).load(user.managerId);
    return found ? toUser(found) : null;
  }

  @ResolveField(() => [Team], { description: 'The teams the user is in, by name.' })
  async teams(@Parent() user: User, @Context() ctx: GraphQLRequestContext): Promise<Team[]> {
    const teams = await ctx.loaders.get('teamsByUser', (ids) => this.teamService.teamsOfUsers(ids)).load(user.id);
    return teams.map(toTeam);
  }
}
