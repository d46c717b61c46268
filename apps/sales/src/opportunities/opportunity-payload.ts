import { formatAmount } from './money-amount';
import type { OpportunityEntity } from './opportunity.entity';

/** The fields every opportunity event carries (see libs/contracts sales-opportunity.events.ts). */
export function opportunityPayload(o: OpportunityEntity) {
  return {
    opportunityId: o.id,
    customerId: o.customerId,
    name: o.name,
    amount: { amount: formatAmount(o.amount, o.currency), currency: o.currency },
    closeDate: o.closeDate,
    ownerId: o.ownerId,
    partnerId: o.partnerId,
    pipelineId: o.pipelineId,
    stageId: o.stageId,
    status: o.status,
  };
}
