import type { Identity } from '@crm/auth';
import { CommissionPlanCreated } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { InvalidError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, pageSize, toConnection, type ConnectionShape } from '@crm/graphql';
import { ProductReferences, type CallerCredential } from '@crm/references';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { asNumeric4, exceeds } from './commission-amount';
import type { CommissionPlanEntity } from './commission-plan.entity';
import { COMMISSION_PLAN_CURSORS, CommissionPlanRepository } from './commission-plan.repository';
import type { CommissionRateEntity } from './commission-rate.entity';
import type { CommissionPlansArgs, CreateCommissionPlanInput } from './commission.input';

export interface PlanWithRates {
  plan: CommissionPlanEntity;
  rates: CommissionRateEntity[];
}

/** Commission plans: the channel team writes them; won opportunities are priced by the one in effect. */
@Injectable()
export class CommissionPlanService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly plans: CommissionPlanRepository,
    private readonly products: ProductReferences,
    private readonly events: EventPublisher,
  ) {}

  /**
   * A rate over 100 % is refused naming it (`rates.<i>.ratePercent`), as is a rate that repeats
   * another's tier, product and band (which of the two would apply?), and a product sales does not have.
   */
  async create(caller: Identity, input: CreateCommissionPlanInput, credential: CallerCredential): Promise<PlanWithRates> {
    const seen = new Set<string>();
    const planId = randomUUID();
    const rates = input.rates.map((r, i): CommissionRateEntity => {
      if (exceeds(r.ratePercent, 100)) throw new InvalidError(`rates.${i}.ratePercent`, 'must be at most 100 (percent)');
      const minAmount = asNumeric4(r.minAmount ?? '0');
      const key = `${r.tier ?? '*'}|${r.productId ?? '*'}|${minAmount}`;
      if (seen.has(key)) throw new InvalidError(`rates.${i}`, 'repeats the tier, product and minAmount of an earlier rate');
      seen.add(key);
      return {
        id: randomUUID(),
        planId,
        tier: r.tier ?? null,
        productId: r.productId ?? null,
        minAmount,
        ratePercent: asNumeric4(r.ratePercent),
      };
    });
    for (const [i, r] of rates.entries()) if (r.productId) await this.products.check(r.productId, `rates.${i}.productId`, credential);
    const now = new Date();
    const plan: CommissionPlanEntity = {
      id: planId,
      name: input.name,
      validFrom: input.validFrom ?? now,
      createdBy: caller.userId,
      createdAt: now,
    };
    await this.uow.run(caller, async (tx) => {
      await this.plans.insert(tx, plan, rates);
      await this.events.publish(tx, CommissionPlanCreated, {
        planId,
        name: plan.name,
        validFrom: plan.validFrom.toISOString(),
        rates: rates.map((r) => ({ tier: r.tier, productId: r.productId, minAmount: r.minAmount, ratePercent: r.ratePercent })),
        createdBy: caller.userId,
        createdAt: now.toISOString(),
      });
    });
    return { plan, rates };
  }

  /** Plans, newest validFrom first, each with its rates (one query for the page's rates). */
  async page(caller: Identity, args: CommissionPlansArgs): Promise<ConnectionShape<PlanWithRates>> {
    const size = pageSize(args.first);
    const after = args.after ? COMMISSION_PLAN_CURSORS.decode('VALID_FROM_DESC', args.after) : null;
    const { rows, rates } = await this.uow.run(caller, async (tx) => {
      const rows = await this.plans.page(tx, after, size + 1);
      return {
        rows,
        rates: await this.plans.ratesOf(
          tx,
          rows.map((p) => p.id),
        ),
      };
    });
    const ids = rows.map((p) => p.id);
    const grouped = groupByKeys(ids, rates, (r) => r.planId);
    const byPlan = new Map(ids.map((id, i) => [id, grouped[i] ?? []]));
    return toConnection(
      rows,
      size,
      (p) => COMMISSION_PLAN_CURSORS.encode('VALID_FROM_DESC', p),
      (plan) => ({ plan, rates: byPlan.get(plan.id) ?? [] }),
    );
  }
}
