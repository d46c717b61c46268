import { formatAmount, plainDecimal } from './money-amount';
import type { OpportunityLineEntity } from './opportunity-line.entity';
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

/** A product on the deal, as OpportunityUpdated carries it when the lines changed. */
export function linePayload(l: OpportunityLineEntity, currency: string) {
  return {
    productId: l.productId,
    quantity: plainDecimal(l.quantity),
    unitPrice: { amount: formatAmount(l.unitPrice, currency), currency },
    discountPercent: plainDecimal(l.discountPercent),
    net: { amount: formatAmount(l.netAmount, currency), currency },
  };
}
