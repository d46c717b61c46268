import { CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { TeamService } from '../users/team.service';
import { usersById } from '../users/user.loaders';
import { Team, toTeam, toUser, User } from '../users/user.object';
import { UserService } from '../users/user.service';
import { NoteAccess } from './note-access';
import { CreateNoteInput, UpdateNoteInput } from './note.input';
import { Note, NoteVersion, toNote, toNoteVersion } from './note.object';
import { NOTE_VERSIONS_LISTED } from './note.repository';
import { NoteService } from './note.service';

@NoteAccess()
@Resolver(() => Note)
export class NoteResolver {
  constructor(
    private readonly noteService: NoteService,
    private readonly userService: UserService,
    private readonly teamService: TeamService,
  ) {}

  @Query(() => Note, { nullable: true, description: 'A note by id; null when there is none or it was deleted.' })
  async note(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<Note | null> {
    const found = await ctx.loaders.get('noteById', (ids) => this.noteService.findByIds(ids)).load(id);
    return found ? toNote(found) : null;
  }

  @Mutation(() => Note, { description: 'A note on a record; its body is stored as safe HTML, its mentions are told.' })
  async createNote(@Args('input') input: CreateNoteInput, @CurrentIdentity() caller: Identity): Promise<Note> {
    return toNote(await this.noteService.create(caller, input));
  }

  @Mutation(() => Note, { description: 'Edits a note (its author or an admin); the note as it read before is kept as a version.' })
  async updateNote(@Args('input') input: UpdateNoteInput, @CurrentIdentity() caller: Identity): Promise<Note> {
    return toNote(await this.noteService.update(caller, input));
  }

  @Mutation(() => Note, { description: 'Deletes a note (its author or an admin); it is kept, but nobody reads it again.' })
  async deleteNote(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string, @CurrentIdentity() caller: Identity): Promise<Note> {
    return toNote(await this.noteService.delete(caller, id));
  }

  @ResolveField(() => User, { nullable: true })
  async author(@Parent() note: Note, @Context() ctx: GraphQLRequestContext): Promise<User | null> {
    const found = await usersById(ctx, this.userService).load(note.authorId);
    return found ? toUser(found) : null;
  }

  @ResolveField(() => [User], { description: 'The users it mentions (teams are in mentionedTeams).' })
  async mentionedUsers(@Parent() note: Note, @Context() ctx: GraphQLRequestContext): Promise<User[]> {
    const found = await usersById(ctx, this.userService).loadMany(note.mentionedUserIds);
    return found.flatMap((u) => (u && !(u instanceof Error) ? [toUser(u)] : []));
  }

  @ResolveField(() => [Team])
  async mentionedTeams(@Parent() note: Note, @Context() ctx: GraphQLRequestContext): Promise<Team[]> {
    const found = await ctx.loaders.get('teamById', (ids) => this.teamService.findByIds(ids)).loadMany(note.mentionedTeamIds);
    return found.flatMap((t) => (t && !(t instanceof Error) ? [toTeam(t)] : []));
  }

  @ResolveField(() => [NoteVersion], { description: `How it read before each edit, newest first, at most ${NOTE_VERSIONS_LISTED}.` })
  async versions(@Parent() note: Note, @Context() ctx: GraphQLRequestContext): Promise<NoteVersion[]> {
    const found = await ctx.loaders.get('noteVersions', (ids) => this.noteService.versionsOf(ids)).load(note.id);
    return found.map(toNoteVersion);
  }
}
