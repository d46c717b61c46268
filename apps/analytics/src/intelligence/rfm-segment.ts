/**
 * The classic RFM segment of a customer from its recency score and the mean of its frequency and
 * monetary scores (1 to 5 each, 5 best), on the usual recency × frequency-monetary grid.
 */
export function rfmSegment(recency: number, frequency: number, monetary: number): string {
  const fm = Math.round((frequency + monetary) / 2);
  if (recency >= 5) return fm >= 4 ? 'Champions' : fm >= 2 ? 'Potential Loyalists' : 'New Customers';
  if (recency === 4) return fm >= 4 ? 'Loyal Customers' : fm >= 2 ? 'Potential Loyalists' : 'Promising';
  if (recency === 3) return fm >= 4 ? 'Loyal Customers' : fm === 3 ? 'Need Attention' : 'About To Sleep';
  if (fm >= 5) return "Can't Lose Them";
  if (fm >= 3) return 'At Risk';
  return recency === 2 || fm === 2 ? 'Hibernating' : 'Lost';
}
