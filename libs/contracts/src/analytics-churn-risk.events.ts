import { z } from 'zod';
import { defineEvent } from './cloud-event';

/** Declared here rather than in topics.ts so the churn-risk contracts stay in one file. */
export const ANALYTICS_CHURN_RISK_TOPIC = 'crm.analytics.churn-risk.v1';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });
/** A share from 0 to 1 as an exact decimal string with four places ("0.5500"), so producer and consumer read the same number. */
const share = z.string().regex(/^(0\.\d{4}|1\.0000)$/);

export const churnFactor = z.enum(['INACTIVITY', 'OPEN_URGENT_CASES', 'SLA_BREACHES', 'FALLING_ENGAGEMENT', 'LOW_CSAT', 'LOST_RENEWAL']);

/** One reason of a score: its weight, how strongly it holds (0 to 1), what it adds (weight × signal) and why, for a person. */
const reason = z.object({ factor: churnFactor, weight: share, signal: share, contribution: share, detail: z.string() });

const churnRisk = {
  customerId: id,
  /** The sum of the reasons' contributions, 0 to 1. */
  score: share,
  /** The threshold crossed, as configured when it was crossed. */
  threshold: share,
  reasons: z.array(reason),
  /** The time the score is as of (a rescoring run's clock, or the event that changed it). */
  scoredAt: timestamp,
};

/** The customer's churn risk rose to the threshold or above: sales gives its owner a retention task. */
export const ChurnRiskRaised = defineEvent({
  type: 'crm.analytics.churn-risk.raised.v1',
  topic: ANALYTICS_CHURN_RISK_TOPIC,
  source: 'crm.analytics',
  schema: z.object(churnRisk),
  subject: (d) => d.customerId,
});

/** The customer's churn risk fell below the threshold again. */
export const ChurnRiskCleared = defineEvent({
  type: 'crm.analytics.churn-risk.cleared.v1',
  topic: ANALYTICS_CHURN_RISK_TOPIC,
  source: 'crm.analytics',
  schema: z.object(churnRisk),
  subject: (d) => d.customerId,
});

export const ChurnRiskEvents = [ChurnRiskRaised, ChurnRiskCleared];
