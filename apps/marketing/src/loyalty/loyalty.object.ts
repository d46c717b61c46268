import { Money } from '@crm/graphql';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { money } from '../campaigns/campaign.object';
import type { LoyaltyEntryEntity } from './loyalty-entry.entity';
import type { LoyaltyProgrammeEntity } from './loyalty-programme.entity';

@ObjectType()
export class LoyaltyTier {
  @Field()
  name!: string;

  @Field(() => Int)
  threshold!: number;
}

@ObjectType()
export class LoyaltyProgramme {
  @Field()
  name!: string;

  @Field(() => [LoyaltyTier], { description: 'Lowest threshold first.' })
  tiers!: LoyaltyTier[];

  @Field(() => Money)
  revenuePerPoint!: Money;

  @Field(() => Int)
  pointsPerAttendance!: number;

  @Field(() => Int)
  tierPeriodDays!: number;

  @Field(() => Int)
  expiryDays!: number;
}

@ObjectType({ description: 'One line of the points ledger: earned (positive) or redeemed and expired (negative).' })
export class LoyaltyEntry {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'WON_REVENUE, EVENT_ATTENDED, AWARD, REDEMPTION or EXPIRY.' })
  kind!: string;

  @Field(() => Int)
  points!: number;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field()
  occurredAt!: Date;
}

@ObjectType({ description: "A customer's loyalty: the balance (the ledger's sum), the tier and what the next one takes." })
export class CustomerLoyalty {
  @Field(() => Int)
  balance!: number;

  @Field(() => String, { nullable: true })
  tier!: string | null;

  @Field(() => Int, { description: "Points earned over the programme's rolling period: what tiers are reached by." })
  periodPoints!: number;

  @Field(() => String, { nullable: true })
  nextTier!: string | null;

  @Field(() => Int, { nullable: true, description: "The next tier's threshold; null at the top tier." })
  nextTierThreshold!: number | null;

  @Field(() => [LoyaltyEntry], { description: 'The newest 50 ledger lines, newest first.' })
  entries!: LoyaltyEntry[];
}

export const toLoyaltyProgramme = (p: LoyaltyProgrammeEntity): LoyaltyProgramme => ({
  name: p.name,
  tiers: p.tiers,
  revenuePerPoint: money(p.revenuePerPoint, p.currency)!,
  pointsPerAttendance: p.pointsPerAttendance,
  tierPeriodDays: p.tierPeriodDays,
  expiryDays: p.expiryDays,
});

export const toLoyaltyEntry = (e: LoyaltyEntryEntity): LoyaltyEntry => ({
  id: e.id,
  kind: e.kind,
  points: e.points,
  reason: e.reason,
  occurredAt: e.occurredAt,
});
