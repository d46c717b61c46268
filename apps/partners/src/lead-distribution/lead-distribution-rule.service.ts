import { SYSTEM_IDENTITY, type Identity } from '@crm/auth';
import { LeadDistributionRuleActiveChanged, LeadDistributionRuleCreated } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import type { ConnectionShape } from '@crm/graphql';
import { ProductReferences, type CallerCredential } from '@crm/references';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { LeadDistributionRuleEntity } from './lead-distribution-rule.entity';
import type {
  CreateLeadDistributionRuleInput,
  LeadDistributionRulesArgs,
  SetLeadDistributionRuleActiveInput,
} from './lead-distribution-rule.input';
import { LEAD_DISTRIBUTION_RULE_CURSORS, LeadDistributionRuleRepository } from './lead-distribution-rule.repository';
import { LeadDistributionService } from './lead-distribution.service';

/**
 * The channel team's distribution rules. A change applies to the next offer; offers already made
 * stay. A rule added or turned on also takes the UNASSIGNED leads it covers, so they are offered again.
 * Adding one and turning one on or off publish their events in the same transaction.
 */
@Injectable()
export class LeadDistributionRuleService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly rules: LeadDistributionRuleRepository,
    private readonly products: ProductReferences,
    private readonly distribution: LeadDistributionService,
    private readonly events: EventPublisher,
  ) {}

  async create(
    caller: Identity,
    input: CreateLeadDistributionRuleInput,
    credential: CallerCredential,
  ): Promise<LeadDistributionRuleEntity> {
    const productId = input.productId ?? null;
    if (productId) await this.products.check(productId, 'productId', credential);
    const rule: LeadDistributionRuleEntity = {
      id: randomUUID(),
      name: input.name,
      priority: input.priority,
      territory: input.territory,
      minimumTier: input.minimumTier,
      productId,
      capacity: input.capacity,
      acceptWithinSeconds: input.acceptWithinSeconds,
      active: true,
      createdAt: new Date(),
    };
    await this.uow.run(caller, async (tx) => {
      await this.rules.insert(tx, rule);
      const { id: ruleId, createdAt, ...described } = rule;
      await this.events.publish(tx, LeadDistributionRuleCreated, {
        ruleId,
        ...described,
        createdBy: caller.userId,
        createdAt: createdAt.toISOString(),
      });
      await this.distribution.retryUnassigned(tx, rule.id);
    });
    await this.distribution.distributeWaiting(SYSTEM_IDENTITY, new Date());
    return rule;
  }

  async setActive(caller: Identity, input: SetLeadDistributionRuleActiveInput): Promise<LeadDistributionRuleEntity> {
    const changed = await this.uow.run(caller, async (tx) => {
      const rule = await this.rules.findForUpdate(tx, input.id);
      if (!rule) throw new NotFoundError('LeadDistributionRule', input.id, 'id');
      const was = rule.active;
      rule.active = input.active;
      await this.rules.save(tx, rule);
      if (was !== rule.active) {
        await this.events.publish(tx, LeadDistributionRuleActiveChanged, {
          ruleId: rule.id,
          name: rule.name,
          active: rule.active,
          changedBy: caller.userId,
          changedAt: new Date().toISOString(),
        });
      }
      if (rule.active) await this.distribution.retryUnassigned(tx, rule.id);
      return rule;
    });
    if (changed.active) await this.distribution.distributeWaiting(SYSTEM_IDENTITY, new Date());
    return changed;
  }

  page(caller: Identity, args: LeadDistributionRulesArgs): Promise<ConnectionShape<LeadDistributionRuleEntity>> {
    return this.uow.run(caller, (tx) =>
      LEAD_DISTRIBUTION_RULE_CURSORS.page({ first: args.first, after: args.after, sort: 'PRIORITY_ASC' }, ({ after, limit }) =>
        this.rules.page(tx, after, limit),
      ),
    );
  }
}
