import { ConnectionArgs, mapNodes, pageSize, type GraphQLRequestContext } from '@crm/graphql';
import type { Type } from '@nestjs/common';
import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Contact } from '../customers/contact.object';
import { Customer } from '../customers/customer.object';
import { Opportunity } from '../opportunities/opportunity.object';
import { NoteAccess } from './note-access';
import { CaseRef, LeadRef, PartnerRef } from './note-record-refs.object';
import type { NoteRecordType } from './note.input';
import { NoteConnection, toNote } from './note.object';
import { NoteService } from './note.service';

/**
 * The `notes` connection of one kind of record, newest first. Records asked for with the same
 * page arguments share one loader, and so one statement. Nullable, so a record still answers when
 * the caller may not read notes (a partner) or sales is down.
 */
function recordNotesResolver(recordType: NoteRecordType, type: Type<{ id: string }>) {
  @NoteAccess()
  @Resolver(() => type)
  class RecordNotesResolver {
    constructor(readonly noteService: NoteService) {}

    @ResolveField(() => NoteConnection, { nullable: true, description: 'Notes on it, newest first.' })
    async notes(
      @Parent() record: { id: string },
      @Args() args: ConnectionArgs,
      @Context() ctx: GraphQLRequestContext,
    ): Promise<NoteConnection> {
      const size = pageSize(args.first);
      const loader = ctx.loaders.get(`notes:${recordType}:${size}:${args.after ?? ''}`, (ids) =>
        this.noteService.pagesByRecordIds(recordType, ids, size, args.after),
      );
      return mapNodes(await loader.load(record.id.toLowerCase()), toNote);
    }
  }
  Object.defineProperty(RecordNotesResolver, 'name', { value: `${type.name}NotesResolver` });
  return RecordNotesResolver;
}

export const RECORD_NOTES_RESOLVERS = [
  recordNotesResolver('CUSTOMER', Customer),
  recordNotesResolver('CONTACT', Contact),
  recordNotesResolver('OPPORTUNITY', Opportunity),
  recordNotesResolver('LEAD', LeadRef),
  recordNotesResolver('CASE', CaseRef),
  recordNotesResolver('PARTNER', PartnerRef),
];
