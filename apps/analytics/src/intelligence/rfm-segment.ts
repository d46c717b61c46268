/** The classic RFM segment names, best first. */
export const RFM_SEGMENTS = [
  'Champions',
  'Loyal Customers',
  'Potential Loyalists',
  'New Customers',
  'Promising',
  'Need Attention',
  'About To Sleep',
  'At Risk',
  "Can't Lose Them",
  'Hibernating',
  'Lost',
] as const;

export type RfmSegmentName = (typeof RFM_SEGMENTS)[number];

/**
 * The classic RFM segment of a customer from its recency score and the mean of its frequency and
 * monetary scores (1 to 5 each, 5 best), on the usual recency × frequency-monetary grid.
 */
export function rfmSegment(recency: number, frequency: number, monetary: number): RfmSegmentName {
  const fm = Math.round((frequency + monetary) / 2);
  if (recency >= 5) return fm >= 4 ? 'Champions' : fm >= 2 ? 'Potential Loyalists' : 'New Customers';
  if (recency === 4) return fm >= 4 ? 'Loyal Customers' : fm >= 2 ? 'Potential Loyalists' : 'Promising';
  if (recency === 3) return fm >= 4 ? 'Loyal Customers' : fm === 3 ? 'Need Attention' : 'About To Sleep';
  if (fm >= 5) return "Can't Lose Them";
  if (fm >= 3) return 'At Risk';
  return recency === 2 || fm === 2 ? 'Hibernating' : 'Lost';
}

/**
 * The grid above as a list SQL can index, so SQL names a segment exactly as rfmSegment does:
 * entry `(recency - 1) * 5 + fm` (1-based), fm being round((frequency + monetary) / 2), which rounds
 * halves up as Math.round does for these positive numbers.
 */
export const RFM_GRID: readonly RfmSegmentName[] = [1, 2, 3, 4, 5].flatMap((r) => [1, 2, 3, 4, 5].map((fm) => rfmSegment(r, fm, fm)));

/**
 * SQL for the RFM quintiles (1 to 5, 5 best) of every customer with a won deal in the currency
 * `currency` (a parameter placeholder): recency by the latest win, frequency by the number of
 * wins, monetary by won revenue. Ties are broken by customer id, so the same data always gives the
 * same scores. Columns: customer_id, last_won_at, won_deals, won_revenue, recency, frequency, monetary.
 */
export const rfmScoresSql = (currency: string): string =>
  `SELECT customer_id, last_won_at, won_deals, won_revenue,
     ntile(5) OVER (ORDER BY last_won_at, customer_id)::int AS recency,
     ntile(5) OVER (ORDER BY won_deals, customer_id)::int AS frequency,
     ntile(5) OVER (ORDER BY won_revenue, customer_id)::int AS monetary
   FROM (
     SELECT customer_id, max(closed_at) AS last_won_at, count(*)::int AS won_deals, sum(amount) AS won_revenue
     FROM warehouse.fact_deal WHERE outcome = 'WON' AND currency = ${currency} GROUP BY customer_id
   ) per_customer`;
