import { Connection, PORTAL_TAG } from '@crm/graphql';
import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import type { Identity } from '@crm/auth';
import type { CaseMessageEntity } from './case-message.entity';
import { actorSeenBy } from './portal-contact';

/**
 * The portal's contract has the fields tagged below: a contact reads only replies (row-level
 * security and the thread's filter keep internal notes from it), so `internal` is not even
 * nameable there.
 */
@ObjectType({ description: "A message in a case's thread: a reply to the customer or an internal note." })
export class CaseMessage {
  @Directive(PORTAL_TAG)
  @Field(() => ID)
  id!: string;

  @Directive(PORTAL_TAG)
  @Field(() => ID)
  caseId!: string;

  @Field({ description: 'true for an internal note the customer never sees.' })
  internal!: boolean;

  @Directive(PORTAL_TAG)
  @Field()
  body!: string;

  @Directive(PORTAL_TAG)
  @Field(() => ID, {
    nullable: true,
    description: "The user who wrote it; null when the system did. A customer sees its own id here and null for support's.",
  })
  authorId!: string | null;

  @Directive(PORTAL_TAG)
  @Field()
  postedAt!: Date;
}

@ObjectType()
export class CaseMessageConnection extends Connection(CaseMessage) {}

export function toCaseMessage(e: CaseMessageEntity, caller: Identity): CaseMessage {
  return {
    id: e.id,
    caseId: e.caseId,
    internal: e.internal,
    body: e.body,
    authorId: actorSeenBy(caller, e.authorId),
    postedAt: e.postedAt,
  };
}
