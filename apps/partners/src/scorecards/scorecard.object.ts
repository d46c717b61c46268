import { Connection, Money, PARTNER_TAG } from '@crm/graphql';
import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { ScorecardRow } from './scorecard.repository';

@ObjectType({
  description:
    'How a partner is doing over a window: its registrations (by when they were submitted) and how they ended, the revenue of its won opportunities (by when they closed) and its commissions (by when they accrued). Lead acceptance figures come with lead distribution, which does not exist yet.',
})
@Directive(PARTNER_TAG)
export class PartnerScorecard {
  @Field(() => ID)
  partnerId!: string;

  @Field(() => Date, { nullable: true })
  from!: Date | null;

  @Field(() => Date, { nullable: true })
  to!: Date | null;

  @Field(() => Int)
  registrationsSubmitted!: number;

  @Field(() => Int, { description: 'Approved at some point: now APPROVED, WON, LOST or EXPIRED.' })
  registrationsApproved!: number;

  @Field(() => Int)
  registrationsRejected!: number;

  @Field(() => Int)
  registrationsWon!: number;

  @Field(() => Int)
  registrationsLost!: number;

  @Field(() => Int)
  registrationsExpired!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Won / (won + lost) registrations, a decimal such as "0.6667"; null when none is decided.',
  })
  winRate!: string | null;

  @Field(() => [Money], { description: 'The won opportunities that carry the partner, summed per currency.' })
  revenue!: Money[];

  @Field(() => [Money], { description: 'Commissions earned and not reversed, per currency.' })
  commissionsAccrued!: Money[];

  @Field(() => [Money], { description: 'Of those, paid, per currency.' })
  commissionsPaid!: Money[];
}

@ObjectType()
export class PartnerScorecardConnection extends Connection(PartnerScorecard) {}

export function toPartnerScorecard(partnerId: string, from: Date | null, to: Date | null, r: ScorecardRow): PartnerScorecard {
  return {
    partnerId,
    from,
    to,
    registrationsSubmitted: r.submitted,
    registrationsApproved: r.approved,
    registrationsRejected: r.rejected,
    registrationsWon: r.won,
    registrationsLost: r.lost,
    registrationsExpired: r.expired,
    winRate: r.win_rate,
    revenue: r.revenue,
    commissionsAccrued: r.commissions_accrued,
    commissionsPaid: r.commissions_paid,
  };
}
