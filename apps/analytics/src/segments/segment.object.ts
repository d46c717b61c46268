import { Connection, CustomerRef } from '@crm/graphql';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { MemberRow, SegmentRow } from './segment.repository';

@ObjectType({ description: 'Customers that match a rule over their attributes and intelligence, kept current as events change them.' })
export class Segment {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({ description: 'The rule as JSON text, as it was checked (decimals as strings, times in UTC).' })
  rule!: string;

  @Field({ description: 'When the definition was last written.' })
  definedAt!: Date;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class SegmentConnection extends Connection(Segment) {}

@ObjectType({ description: 'A customer in a segment, since when.' })
export class SegmentMember {
  // Nullable on purpose, as a search hit's record: sales answers the customer when the member is
  // read, and one deleted or merged away before the segment heard of it would otherwise null the
  // whole answer.
  @Field(() => CustomerRef, {
    nullable: true,
    description:
      'The customer, as sales answers it; null when sales no longer has it (deleted or merged away) and the segment has not caught up yet.',
  })
  customer!: CustomerRef;

  @Field({ description: 'When the customer last joined the segment.' })
  joinedAt!: Date;
}

@ObjectType()
export class SegmentMemberConnection extends Connection(SegmentMember) {}

@ObjectType({ description: 'What a recompute changed: only real changes are counted (and announced).' })
export class SegmentRecomputeResult {
  @Field(() => Segment)
  segment!: Segment;

  @Field(() => Int)
  joined!: number;

  @Field(() => Int)
  left!: number;
}

export const toSegment = (r: SegmentRow): Segment => ({
  id: r.id,
  name: r.name,
  description: r.description,
  rule: JSON.stringify(r.rule),
  definedAt: r.defined_at,
  createdAt: r.created_at,
});

export const toSegmentMember = (m: MemberRow): SegmentMember => ({ customer: { id: m.customerId }, joinedAt: m.joinedAt });
