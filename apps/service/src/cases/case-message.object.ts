import { Connection } from '@crm/graphql';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { CaseMessageEntity } from './case-message.entity';

@ObjectType({ description: "A message in a case's thread: a reply to the customer or an internal note." })
export class CaseMessage {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  caseId!: string;

  @Field({ description: 'true for an internal note the customer never sees.' })
  internal!: boolean;

  @Field()
  body!: string;

  @Field(() => ID, { nullable: true, description: 'The user who wrote it; null when the system did.' })
  authorId!: string | null;

  @Field()
  postedAt!: Date;
}

@ObjectType()
export class CaseMessageConnection extends Connection(CaseMessage) {}

export function toCaseMessage(e: CaseMessageEntity): CaseMessage {
  return { id: e.id, caseId: e.caseId, internal: e.internal, body: e.body, authorId: e.authorId, postedAt: e.postedAt };
}
