import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { CampaignCreatedV2, CampaignUpdatedV2 } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import type { ConnectionShape, MoneyInput } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { CampaignEntity } from './campaign.entity';
import { money } from './campaign.object';
import type { CampaignsArgs, CreateCampaignInput, UpdateCampaignInput } from './campaign.input';
import { CAMPAIGN_CURSORS, CampaignRepository, CampaignSort } from './campaign.repository';

type Costs = Pick<CampaignEntity, 'budgetAmount' | 'budgetCurrency' | 'actualCostAmount' | 'actualCostCurrency'>;

const UPDATABLE = ['name', 'status', 'startDate', 'endDate', 'budget', 'actualCost', 'parentId'] as const;

@Injectable()
export class CampaignService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly campaigns: CampaignRepository,
    private readonly events: EventPublisher,
  ) {}

  create(caller: Identity, input: CreateCampaignInput): Promise<CampaignEntity> {
    const now = new Date();
    const campaign: CampaignEntity = {
      id: randomUUID(),
      name: input.name,
      type: input.type,
      status: input.status,
      startDate: input.startDate ?? null,
      endDate: input.endDate ?? null,
      ...costs(input.budget, input.actualCost),
      parentId: input.parentId ?? null,
      createdAt: now,
      updatedAt: now,
    };
    checkDates(campaign);
    checkCosts(campaign);
    return this.uow.run(caller, async (tx) => {
      if (campaign.parentId && !(await this.campaigns.find(tx, campaign.parentId))) {
        throw new NotFoundError('Campaign', campaign.parentId, 'parentId');
      }
      await this.campaigns.insert(tx, campaign);
      await this.events.publish(tx, CampaignCreatedV2, {
        campaignId: campaign.id,
        name: campaign.name,
        campaignType: campaign.type,
        status: campaign.status,
        parentId: campaign.parentId,
        ...costsOnTheWire(campaign),
        createdAt: now.toISOString(),
      });
      return campaign;
    });
  }

  update(caller: Identity, input: UpdateCampaignInput): Promise<CampaignEntity> {
    return this.uow.run(caller, async (tx) => {
      const campaign = await this.campaigns.lock(tx, input.id);
      if (!campaign) throw new NotFoundError('Campaign', input.id, 'id');
      const changed = UPDATABLE.filter((f) => input[f] !== undefined);
      if (input.name !== undefined) campaign.name = input.name;
      if (input.status !== undefined) campaign.status = input.status;
      if (input.startDate !== undefined) campaign.startDate = input.startDate;
      if (input.endDate !== undefined) campaign.endDate = input.endDate;
      if (input.budget !== undefined) Object.assign(campaign, costs(input.budget, undefined, campaign));
      if (input.actualCost !== undefined) Object.assign(campaign, costs(undefined, input.actualCost, campaign));
      checkDates(campaign);
      checkCosts(campaign);
      if (input.parentId !== undefined && input.parentId !== campaign.parentId) {
        if (input.parentId !== null) {
          // Its new parent's lineage must not pass through the campaign itself.
          const lineage = await this.campaigns.lineage(tx, input.parentId);
          if (!lineage.length) throw new NotFoundError('Campaign', input.parentId, 'parentId');
          if (lineage.includes(campaign.id)) throw new InvalidError('parentId', 'would make the campaign part of itself');
        }
        campaign.parentId = input.parentId;
      }
      campaign.updatedAt = new Date();
      await this.campaigns.save(tx, campaign);
      await this.events.publish(tx, CampaignUpdatedV2, {
        campaignId: campaign.id,
        changed: [...changed],
        name: campaign.name,
        status: campaign.status,
        parentId: campaign.parentId,
        ...costsOnTheWire(campaign),
        updatedAt: campaign.updatedAt.toISOString(),
      });
      return campaign;
    });
  }

  async findByIds(ids: readonly string[]): Promise<(CampaignEntity | null)[]> {
    const byId = new Map((await this.campaigns.findByIds(ids)).map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  page(args: CampaignsArgs): Promise<ConnectionShape<CampaignEntity>> {
    return CAMPAIGN_CURSORS.page({ ...args, sort: CampaignSort.CREATED_AT_DESC }, (q) =>
      this.campaigns.page({ ...q, filter: args.filter ?? {} }),
    );
  }
}

/** The cost columns after setting `budget` and/or `actualCost` (null clears one; undefined keeps `current`'s). */
function costs(budget: MoneyInput | null | undefined, actualCost: MoneyInput | null | undefined, current?: Costs): Costs {
  return {
    budgetAmount: budget === undefined ? (current?.budgetAmount ?? null) : (budget?.amount ?? null),
    budgetCurrency: budget === undefined ? (current?.budgetCurrency ?? null) : (budget?.currency ?? null),
    actualCostAmount: actualCost === undefined ? (current?.actualCostAmount ?? null) : (actualCost?.amount ?? null),
    actualCostCurrency: actualCost === undefined ? (current?.actualCostCurrency ?? null) : (actualCost?.currency ?? null),
  };
}

/** The budget and actual cost as the v2 events carry them: Money as the API shows it, or null when not set. */
const costsOnTheWire = (c: Costs) => ({
  budget: money(c.budgetAmount, c.budgetCurrency),
  actualCost: money(c.actualCostAmount, c.actualCostCurrency),
});

function checkCosts(c: Costs): void {
  if (c.budgetAmount?.startsWith('-')) throw new InvalidError('budget.amount', 'must not be negative');
  if (c.actualCostAmount?.startsWith('-')) throw new InvalidError('actualCost.amount', 'must not be negative');
  if (c.budgetCurrency && c.actualCostCurrency && c.budgetCurrency !== c.actualCostCurrency) {
    throw new InvalidError('actualCost.currency', `must be the budget's currency, ${c.budgetCurrency}`);
  }
}

function checkDates(c: Pick<CampaignEntity, 'startDate' | 'endDate'>): void {
  if (c.startDate && c.endDate && c.endDate < c.startDate)
    throw new InvalidError('endDate', `must not be before startDate (${c.startDate})`);
}
