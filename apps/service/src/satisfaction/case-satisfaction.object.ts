import { PORTAL_TAG } from '@crm/graphql';
import { Directive, Field, Int, ObjectType } from '@nestjs/graphql';
import type { CaseSatisfactionEntity } from './case-satisfaction.entity';

@Directive(PORTAL_TAG)
@ObjectType({ description: 'The satisfaction survey sent when the case was resolved, and its answer once given.' })
export class CaseSatisfaction {
  @Field({ description: "When the survey link was sent to the case's contact." })
  sentAt!: Date;

  @Field({ description: 'The link works until then.' })
  expiresAt!: Date;

  @Field(() => Int, { nullable: true, description: '1 (very unhappy) to 5 (very happy); null until answered.' })
  score!: number | null;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => Date, { nullable: true })
  answeredAt!: Date | null;
}

export function toCaseSatisfaction(e: CaseSatisfactionEntity): CaseSatisfaction {
  return { sentAt: e.sentAt, expiresAt: e.expiresAt, score: e.score, comment: e.comment, answeredAt: e.answeredAt };
}
