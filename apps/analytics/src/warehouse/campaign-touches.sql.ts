/**
 * A customer's campaign touches, as SQL rows (customer_id, campaign_id, at, kind): its form
 * submissions for a campaign (kind 1), its email clicks (the first click of each message, 2) and its
 * leads' and contacts' joining a campaign (3); a lead's touches from before it had a customer count
 * for the customer it was converted into (warehouse.lead_conversion), whichever topic arrived first.
 * Attribution and the OLAP catalogue's campaign of a deal read the same touches from here, so a
 * deal's first touch is the same campaign in both.
 *
 * `customer` is a predicate on a customer id column, e.g. `(c) => \`${c} = d.customer_id\``: it
 * limits every branch to the customers wanted (and may refer to an enclosing query).
 */
export const campaignTouchesSql = (customer: (column: string) => string): string => `
  SELECT customer_id, campaign_id, submitted_at AS at, 1 AS kind FROM warehouse.fact_form_submission
  WHERE ${customer('customer_id')} AND campaign_id IS NOT NULL
  UNION ALL
  SELECT l.customer_id, f.campaign_id, f.submitted_at, 1 FROM warehouse.lead_conversion l
  JOIN warehouse.fact_form_submission f ON f.lead_id = l.lead_id
  WHERE ${customer('l.customer_id')} AND f.customer_id IS NULL AND f.campaign_id IS NOT NULL
  UNION ALL
  SELECT customer_id, campaign_id, first_clicked_at, 2 FROM warehouse.fact_email
  WHERE ${customer('customer_id')} AND first_clicked_at IS NOT NULL
  UNION ALL
  SELECT l.customer_id, e.campaign_id, e.first_clicked_at, 2 FROM warehouse.lead_conversion l
  JOIN warehouse.fact_email e ON e.person_kind = 'LEAD' AND e.person_id = l.lead_id
  WHERE ${customer('l.customer_id')} AND e.customer_id IS NULL AND e.first_clicked_at IS NOT NULL
  UNION ALL
  SELECT customer_id, campaign_id, added_at, 3 FROM warehouse.fact_campaign_member WHERE ${customer('customer_id')}
  UNION ALL
  SELECT l.customer_id, m.campaign_id, m.added_at, 3 FROM warehouse.lead_conversion l
  JOIN warehouse.fact_campaign_member m ON m.person_kind = 'LEAD' AND m.person_id = l.lead_id
  WHERE ${customer('l.customer_id')} AND m.customer_id IS NULL`;

/** The order of a journey's touches: by time, ties by campaign, then kind. */
export const TOUCH_ORDER = 't.at, t.campaign_id, t.kind';

/** An opportunity's creation: its first stage transition. */
export const opportunityCreatedAtSql = (opportunity: string): string =>
  `(SELECT min(s.changed_at) FROM warehouse.fact_opportunity_stage s WHERE s.opportunity_id = ${opportunity})`;

/**
 * The campaign an opportunity is reported by: the first touch of its customer's journey at or before
 * the opportunity's creation (attribution's first-touch model); null with no touch before it.
 */
export const firstTouchCampaignSql = (customer: string, opportunity: string): string =>
  `(SELECT t.campaign_id FROM (${campaignTouchesSql((c) => `${c} = ${customer}`)}) t
    WHERE t.at <= ${opportunityCreatedAtSql(opportunity)} ORDER BY ${TOUCH_ORDER} LIMIT 1)`;
