import { Connection, Money, PARTNER_TAG } from '@crm/graphql';
import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PartnerTier } from '../partners/partner.enums';
import type { CommissionPlanEntity } from './commission-plan.entity';
import type { CommissionRateEntity } from './commission-rate.entity';
import type { CommissionEntity } from './commission.entity';
import { CommissionStatus } from './commission.enums';
import type { StatementRow } from './commission.repository';

@ObjectType({ description: 'What a partner earned on one won opportunity.' })
@Directive('@key(fields: "id")')
@Directive(PARTNER_TAG)
export class Commission {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  partnerId!: string;

  @Field(() => ID)
  opportunityId!: string;

  @Field(() => ID)
  customerId!: string;

  @Field(() => ID, { nullable: true, description: 'The deal registration the opportunity came from, if any.' })
  registrationId!: string | null;

  @Field({ description: 'The plan’s rate, in percent.' })
  ratePercent!: string;

  @Field(() => Money, { description: 'The won amount.' })
  base!: Money;

  @Field(() => Money, { description: 'base × ratePercent / 100, exact.' })
  amount!: Money;

  @Field(() => CommissionStatus)
  status!: CommissionStatus;

  @Field({ description: 'YYYY-MM of the win: the statement it is on.' })
  period!: string;

  @Field()
  accruedAt!: Date;

  @Field(() => Date, { nullable: true })
  approvedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  paidAt!: Date | null;

  @Field(() => Date, { nullable: true })
  reversedAt!: Date | null;
}

@ObjectType()
export class CommissionConnection extends Connection(Commission) {}

@ObjectType({ description: 'One currency’s totals on a statement.' })
@Directive(PARTNER_TAG)
export class CommissionTotals {
  @Field()
  currency!: string;

  @Field(() => Money, { description: 'Everything earned and not reversed: accrued, approved and paid.' })
  accrued!: Money;

  @Field(() => Money, { description: 'Approved, not paid yet.' })
  approved!: Money;

  @Field(() => Money)
  paid!: Money;

  @Field(() => Money, { description: 'Reversed because the opportunity was lost after it was won.' })
  reversed!: Money;

  @Field(() => Int)
  commissionCount!: number;
}

@ObjectType({
  description: 'A partner’s commissions for one month: totals per currency; the lines are commissions(filter: { partnerId, period }).',
})
@Directive(PARTNER_TAG)
export class CommissionStatement {
  @Field(() => ID)
  partnerId!: string;

  @Field()
  period!: string;

  @Field(() => [CommissionTotals])
  totals!: CommissionTotals[];
}

@ObjectType()
export class CommissionRate {
  @Field(() => PartnerTier, { nullable: true, description: 'Null: every tier.' })
  tier!: PartnerTier | null;

  @Field(() => ID, { nullable: true, description: 'Null: every product.' })
  productId!: string | null;

  @Field()
  minAmount!: string;

  @Field()
  ratePercent!: string;
}

@ObjectType({ description: 'Commission rates by partner tier, product and amount band, for deals won from validFrom on.' })
export class CommissionPlan {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  validFrom!: Date;

  @Field(() => [CommissionRate])
  rates!: CommissionRate[];

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class CommissionPlanConnection extends Connection(CommissionPlan) {}

export function toCommission(e: CommissionEntity): Commission {
  return {
    id: e.id,
    partnerId: e.partnerId,
    opportunityId: e.opportunityId,
    customerId: e.customerId,
    registrationId: e.registrationId,
    ratePercent: e.ratePercent,
    base: { amount: e.baseAmount, currency: e.currency },
    amount: { amount: e.amount, currency: e.currency },
    status: e.status,
    period: e.period,
    accruedAt: e.accruedAt,
    approvedAt: e.approvedAt,
    paidAt: e.paidAt,
    reversedAt: e.reversedAt,
  };
}

export function toCommissionTotals(r: StatementRow): CommissionTotals {
  const money = (amount: string) => ({ amount, currency: r.currency });
  return {
    currency: r.currency,
    accrued: money(r.accrued),
    approved: money(r.approved),
    paid: money(r.paid),
    reversed: money(r.reversed),
    commissionCount: r.count,
  };
}

export function toCommissionPlan(p: CommissionPlanEntity, rates: CommissionRateEntity[]): CommissionPlan {
  return {
    id: p.id,
    name: p.name,
    validFrom: p.validFrom,
    createdAt: p.createdAt,
    rates: rates.map((r) => ({
      tier: r.tier as PartnerTier | null,
      productId: r.productId,
      minAmount: r.minAmount,
      ratePercent: r.ratePercent,
    })),
  };
}
