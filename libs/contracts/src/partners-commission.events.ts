import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });
const decimal = z.string().regex(/^\d{1,15}(\.\d{1,4})?$/);
const money = z.object({ amount: decimal, currency: z.string().length(3) });

/** A channel manager added a commission plan; it applies to opportunities won from `validFrom` on. */
export const CommissionPlanCreated = defineEvent({
  type: 'crm.partners.commission-plan.created.v1',
  topic: Topics.partnersCommission,
  source: 'crm.partners',
  schema: z.object({
    planId: id,
    name: z.string(),
    validFrom: timestamp,
    rates: z.array(z.object({ tier: z.string().nullable(), productId: id.nullable(), minAmount: decimal, ratePercent: decimal })),
    createdBy: id.nullable(),
    createdAt: timestamp,
  }),
  subject: (d) => d.planId,
});

/** What every commission event carries; keyed by the customer, so it follows the opportunity's own events in order. */
const commission = {
  commissionId: id,
  partnerId: id,
  opportunityId: id,
  customerId: id,
  amount: money,
};

/** A partner's won opportunity earned it `amount` = `base` × `ratePercent` / 100 under the plan. */
export const CommissionAccrued = defineEvent({
  type: 'crm.partners.commission.accrued.v1',
  topic: Topics.partnersCommission,
  source: 'crm.partners',
  schema: z.object({ ...commission, planId: id, ratePercent: decimal, base: money, period: z.string(), accruedAt: timestamp }),
  subject: (d) => d.customerId,
});

/** The opportunity was lost after it was won: the accrual no longer stands (a paid one is owed back). */
export const CommissionReversed = defineEvent({
  type: 'crm.partners.commission.reversed.v1',
  topic: Topics.partnersCommission,
  source: 'crm.partners',
  schema: z.object({ ...commission, wasStatus: z.string(), reversedAt: timestamp }),
  subject: (d) => d.customerId,
});

export const CommissionApproved = defineEvent({
  type: 'crm.partners.commission.approved.v1',
  topic: Topics.partnersCommission,
  source: 'crm.partners',
  schema: z.object({ ...commission, approvedBy: id.nullable(), approvedAt: timestamp }),
  subject: (d) => d.customerId,
});

export const CommissionPaid = defineEvent({
  type: 'crm.partners.commission.paid.v1',
  topic: Topics.partnersCommission,
  source: 'crm.partners',
  schema: z.object({ ...commission, paidBy: id.nullable(), paidAt: timestamp }),
  subject: (d) => d.customerId,
});

export const CommissionEvents = [CommissionPlanCreated, CommissionAccrued, CommissionReversed, CommissionApproved, CommissionPaid];
