import { Connection, Money, PARTNER_TAG } from '@crm/graphql';
import { Directive, Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { ScorecardRow } from './scorecard.repository';

@ObjectType({
  description:
    'How a partner is doing over a window: its registrations (by when they were submitted) and how they ended, the revenue of its won opportunities (by when they closed), its commissions (by when they accrued), and the leads offered to it (by when they were offered) and how it answered.',
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

  @Field(() => Int, { description: 'Leads offered to the partner, whatever became of the offers (PENDING ones included).' })
  leadOffers!: number;

  @Field(() => Int)
  leadOffersAccepted!: number;

  @Field(() => Int)
  leadOffersDeclined!: number;

  @Field(() => Int, { description: 'Offers the partner let run out.' })
  leadOffersExpired!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Accepted / (accepted + declined + expired) offers, a decimal such as "0.7500"; null when no offer was answered or ran out.',
  })
  leadAcceptanceRate!: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'The mean time from offer to acceptance of the accepted offers, in seconds to the millisecond; null when none was accepted.',
  })
  averageSecondsToAccept!: number | null;
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
    leadOffers: r.lead_offers,
    leadOffersAccepted: r.leads_accepted,
    leadOffersDeclined: r.leads_declined,
    leadOffersExpired: r.leads_expired,
    leadAcceptanceRate: r.lead_acceptance_rate,
    averageSecondsToAccept: r.seconds_to_accept,
  };
}
