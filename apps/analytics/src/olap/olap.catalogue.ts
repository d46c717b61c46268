import { sourceAtConversionSql } from '../warehouse/lead-source.sql';

/**
 * What the OLAP query may ask for: cubes (one fact table at its grain, with the joins it needs),
 * their measures and dimensions. Only these SQL fragments ever reach the database; what a client
 * sends only chooses among them by name.
 */
export interface MeasureSpec {
  name: string;
  description: string;
  sql: string;
  /** A sum of money: grouped by currency always, so two currencies are never added. */
  money?: boolean;
}

export interface DimensionSpec {
  name: string;
  description: string;
  sql: string;
  /** A calendar date, asked for at a grain (day, week, month, quarter, year). */
  date?: boolean;
}

export interface CubeSpec {
  name: string;
  description: string;
  from: string;
  /** The currency column of money measures, when the cube has any. */
  currency?: string;
  measures: MeasureSpec[];
  dimensions: DimensionSpec[];
  /**
   * A pre-aggregated table giving the same figures for some of the measures and dimensions (same
   * names): a query naming only those is answered from it, any other from the facts.
   */
  preAggregated?: Omit<CubeSpec, 'name' | 'description' | 'preAggregated'>;
}

export const DATE_GRAINS = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type DateGrain = (typeof DATE_GRAINS)[number];

const WON = "d.outcome = 'WON'";

/**
 * Where a deal came from. Its campaign is attribution's first touch (one campaign per deal, so the
 * won revenue split by campaign adds up to the total, and equals campaignAttribution's first-touch
 * credit); its source is the source of the lead whose conversion opened it.
 */
const originDimensions = (customer: string, opportunity: string): DimensionSpec[] => [
  {
    name: 'campaign',
    description:
      "The campaign (id) the deal is attributed to: the first touch of its customer's journey at or before the deal's creation " +
      "(a form submitted for a campaign, an email clicked, joining a campaign; a converted lead's touches included), as " +
      "campaignAttribution's first-touch model credits it. Null when no touch came before the deal.",
    // Kept per deal as the events come (first-touch.repository.ts): one key lookup per row.
    sql: `(SELECT f.campaign_id FROM warehouse.opportunity_first_touch f WHERE f.opportunity_id = ${opportunity} AND f.customer_id = ${customer})`,
  },
  {
    name: 'source',
    description:
      'The source (WEB_FORM, EVENT, REFERRAL...) of the lead whose conversion opened the deal, as it was when the lead was converted ' +
      '(a later edit of the lead does not move the deal). Null for a deal not opened by converting a lead.',
    sql: sourceAtConversionSql(opportunity),
  },
];

/**
 * The loyalty tier the customer had just before `at`: the latest tier change strictly before it.
 * Marketing moves a tier after the entry that moved it (at the same instant or later), so an entry
 * is reported in the tier the customer had when it was made; null before any.
 */
const loyaltyTierAt = (customer: string, at: string): string =>
  `(SELECT t.to_tier FROM warehouse.fact_loyalty_tier_change t WHERE t.customer_id = ${customer} AND t.changed_at < ${at}
    ORDER BY t.changed_at DESC, t.event_id DESC LIMIT 1)`;

/**
 * A customer attribute as the type-2 dimension had it at `at` (the version valid then), or as it
 * is now when `at` is null: a deal is reported by the tier its customer had when it closed.
 */
const customerAttribute = (column: 'tier' | 'industry' | 'lifecycle_stage', customer: string, at: string | null): string =>
  at
    ? `(SELECT c.${column}::text FROM warehouse.dim_customer c WHERE c.customer_id = ${customer} AND c.valid_from <= ${at}
        ORDER BY c.valid_from DESC LIMIT 1)`
    : `(SELECT c.${column}::text FROM warehouse.dim_customer c WHERE c.customer_id = ${customer} AND c.valid_to IS NULL)`;

const customerDimensions = (customer: string, at: string | null, when: string): DimensionSpec[] => [
  { name: 'tier', description: `The customer's tier (1 is the top) ${when}.`, sql: customerAttribute('tier', customer, at) },
  { name: 'industry', description: `The customer's industry ${when}.`, sql: customerAttribute('industry', customer, at) },
  {
    name: 'lifecycleStage',
    description: `The customer's lifecycle stage ${when}.`,
    sql: customerAttribute('lifecycle_stage', customer, at),
  },
];

const dealDimensions = (date: string, dateText: string): DimensionSpec[] => [
  ...customerDimensions('d.customer_id', 'd.closed_at', 'when the deal closed'),
  { name: 'date', description: dateText, sql: date, date: true },
  { name: 'owner', description: 'The owner (user id) of the deal.', sql: 'd.owner_id' },
  {
    name: 'ownerName',
    description: "The owner's name as sales last published it.",
    sql: '(SELECT o.name FROM warehouse.dim_owner o WHERE o.owner_id = d.owner_id)',
  },
  { name: 'partner', description: 'The partner (id) the deal came through, if any.', sql: 'd.partner_id' },
  { name: 'customer', description: 'The customer (id).', sql: 'd.customer_id' },
  { name: 'outcome', description: 'WON or LOST.', sql: 'd.outcome' },
  ...originDimensions('d.customer_id', 'd.opportunity_id'),
];

export const CUBES: CubeSpec[] = [
  {
    name: 'deals',
    description: 'Closed deals, one row per opportunity at its latest close; dated by the close.',
    from: 'warehouse.fact_deal d',
    currency: 'd.currency',
    measures: [
      { name: 'wonRevenue', description: 'Sum of the amounts of won deals.', sql: `sum(d.amount) FILTER (WHERE ${WON})`, money: true },
      { name: 'wonDeals', description: 'Number of deals won.', sql: `count(*) FILTER (WHERE ${WON})` },
      { name: 'lostDeals', description: 'Number of deals lost.', sql: "count(*) FILTER (WHERE d.outcome = 'LOST')" },
      { name: 'closedDeals', description: 'Number of deals closed, won or lost.', sql: 'count(*)' },
      {
        name: 'winRate',
        description: 'Won deals / closed deals, 4 decimals.',
        sql: `round(count(*) FILTER (WHERE ${WON})::numeric / nullif(count(*), 0), 4)`,
      },
    ],
    dimensions: dealDimensions('d.date_key', 'The day the deal closed.'),
  },
  {
    name: 'dealLines',
    description: 'The lines of closed deals as they stood at the close; dated by the close.',
    from: 'warehouse.fact_deal_line l JOIN warehouse.fact_deal d ON d.opportunity_id = l.opportunity_id',
    currency: 'l.currency',
    measures: [
      { name: 'wonRevenue', description: 'Sum of the net amounts of won lines.', sql: `sum(l.net) FILTER (WHERE ${WON})`, money: true },
      { name: 'wonQuantity', description: 'Sum of the quantities of won lines.', sql: `sum(l.quantity) FILTER (WHERE ${WON})` },
      {
        name: 'wonDeals',
        description: 'Number of won deals with such lines.',
        sql: `count(DISTINCT l.opportunity_id) FILTER (WHERE ${WON})`,
      },
      {
        name: 'closedDeals',
        description: 'Number of closed deals, won or lost, with such lines.',
        sql: 'count(DISTINCT l.opportunity_id)',
      },
      {
        name: 'winRate',
        description: 'Won deals / closed deals with such lines (per product: of the deals that had it), 4 decimals.',
        sql: `round(count(DISTINCT l.opportunity_id) FILTER (WHERE ${WON})::numeric / nullif(count(DISTINCT l.opportunity_id), 0), 4)`,
      },
    ],
    dimensions: [
      ...dealDimensions('d.date_key', 'The day the deal closed.'),
      { name: 'product', description: 'The product (id) of the line.', sql: 'l.product_id' },
    ],
    // Kept by the warehouse consumer; a group with no won line has null won sums, as from the facts.
    preAggregated: {
      from: 'warehouse.agg_deal_line_day a',
      currency: 'a.currency',
      measures: [
        { name: 'wonRevenue', description: '', sql: 'sum(a.won_net) FILTER (WHERE a.won_lines > 0)', money: true },
        { name: 'wonQuantity', description: '', sql: 'sum(a.won_quantity) FILTER (WHERE a.won_lines > 0)' },
      ],
      dimensions: [
        { name: 'date', description: '', sql: 'a.date_key', date: true },
        { name: 'product', description: '', sql: 'a.product_id' },
      ],
    },
  },
  {
    name: 'pipeline',
    description: 'Open opportunities as they stand now (the accumulating snapshot), one row each; dated by the expected close.',
    from: "(SELECT * FROM warehouse.fact_opportunity_snapshot WHERE status = 'OPEN') o",
    currency: 'o.currency',
    measures: [
      { name: 'pipelineAmount', description: 'Sum of the amounts of open opportunities.', sql: 'sum(o.amount)', money: true },
      { name: 'openDeals', description: 'Number of open opportunities.', sql: 'count(*)' },
    ],
    dimensions: [
      { name: 'date', description: 'The expected close date.', sql: 'o.close_date', date: true },
      { name: 'owner', description: 'The owner (user id).', sql: 'o.owner_id' },
      { name: 'partner', description: 'The partner (id) the deal comes through, if any.', sql: 'o.partner_id' },
      { name: 'customer', description: 'The customer (id).', sql: 'o.customer_id' },
      { name: 'pipelineId', description: 'The pipeline (id).', sql: 'o.pipeline_id' },
      { name: 'stage', description: 'The stage (id) it is in.', sql: 'o.stage_id' },
      ...customerDimensions('o.customer_id', null, 'now'),
      ...originDimensions('o.customer_id', 'o.opportunity_id'),
    ],
  },
  {
    name: 'cases',
    description: 'Service cases, one row per case (with its survey answer, if any); dated by its opening.',
    from: 'warehouse.fact_case c LEFT JOIN warehouse.fact_survey_answer s ON s.case_id = c.case_id',
    measures: [
      { name: 'cases', description: 'Number of cases.', sql: 'count(*)' },
      { name: 'resolvedCases', description: 'Cases resolved or closed.', sql: 'count(*) FILTER (WHERE c.resolved_at IS NOT NULL)' },
      {
        name: 'slaBreaches',
        description: 'Cases that missed a first-response or resolution target.',
        sql: 'count(*) FILTER (WHERE c.first_response_breached OR c.resolution_breached)',
      },
      {
        name: 'slaAttainment',
        description: 'The share of cases that met both their first-response and resolution targets, 4 decimals.',
        sql: 'round(count(*) FILTER (WHERE NOT (c.first_response_breached OR c.resolution_breached))::numeric / count(*), 4)',
      },
      { name: 'csatAnswers', description: 'Cases whose satisfaction survey was answered.', sql: 'count(s.score)' },
      {
        name: 'csatAverage',
        description: 'The average survey score (1 to 5) of the answered cases, 4 decimals; null without an answer.',
        sql: 'round(avg(s.score), 4)',
      },
    ],
    dimensions: [
      { name: 'date', description: 'The day the case was opened.', sql: 'c.date_key', date: true },
      { name: 'priority', description: 'The priority it has now.', sql: 'c.priority' },
      { name: 'status', description: 'The status it has now.', sql: 'c.status' },
      { name: 'queue', description: 'The queue (id) it is in now, if any.', sql: 'c.queue_id' },
      { name: 'product', description: 'The product (id) it is about, if any.', sql: 'c.product_id' },
      { name: 'customer', description: 'The customer (id).', sql: 'c.customer_id' },
    ],
  },
  {
    name: 'surveys',
    description: 'Answers to the satisfaction survey service sends when a case is resolved, one per case; dated by the answer.',
    from: 'warehouse.fact_survey_answer s LEFT JOIN warehouse.fact_case c ON c.case_id = s.case_id',
    measures: [
      { name: 'answers', description: 'Number of answers.', sql: 'count(*)' },
      { name: 'csatAverage', description: 'The average score (1 to 5), 4 decimals.', sql: 'round(avg(s.score), 4)' },
      { name: 'satisfied', description: 'Answers scoring 4 or 5.', sql: 'count(*) FILTER (WHERE s.score >= 4)' },
      {
        name: 'csatScore',
        description: 'Satisfied answers (4 or 5) / answers, 4 decimals.',
        sql: 'round(count(*) FILTER (WHERE s.score >= 4)::numeric / count(*), 4)',
      },
      { name: 'withComment', description: 'Answers that came with a comment.', sql: 'count(*) FILTER (WHERE s.has_comment)' },
    ],
    dimensions: [
      { name: 'date', description: 'The day of the answer.', sql: 's.date_key', date: true },
      { name: 'score', description: 'The score, 1 to 5.', sql: 's.score' },
      { name: 'priority', description: "The case's priority now.", sql: 'c.priority' },
      { name: 'queue', description: 'The queue (id) the case is in now, if any.', sql: 'c.queue_id' },
      { name: 'product', description: 'The product (id) the case is about, if any.', sql: 's.product_id' },
      { name: 'customer', description: 'The customer (id).', sql: 's.customer_id' },
      ...customerDimensions('s.customer_id', 's.answered_at', 'when it answered'),
    ],
  },
  {
    name: 'emails',
    description: 'Campaign emails, one row per message; dated by the send (or the first open or click, when that arrived first).',
    from: 'warehouse.fact_email e',
    measures: [
      { name: 'sends', description: 'Messages sent.', sql: 'count(*) FILTER (WHERE e.sent_at IS NOT NULL)' },
      { name: 'opened', description: 'Messages opened at least once.', sql: 'count(*) FILTER (WHERE e.first_opened_at IS NOT NULL)' },
      { name: 'clicked', description: 'Messages clicked at least once.', sql: 'count(*) FILTER (WHERE e.first_clicked_at IS NOT NULL)' },
      { name: 'opens', description: 'Every open, counted each time.', sql: 'sum(e.opens)' },
      { name: 'clicks', description: 'Every click, counted each time.', sql: 'sum(e.clicks)' },
    ],
    dimensions: [
      {
        name: 'date',
        description: 'The day the message was sent (UTC).',
        sql: "(coalesce(e.sent_at, e.first_opened_at, e.first_clicked_at) AT TIME ZONE 'UTC')::date",
        date: true,
      },
      { name: 'campaign', description: 'The campaign (id).', sql: 'e.campaign_id' },
      { name: 'customer', description: 'The customer (id) of the person, if known.', sql: 'e.customer_id' },
    ],
  },
  {
    name: 'formSubmissions',
    description: "Submissions of marketing's web forms; dated by the submission.",
    from: 'warehouse.fact_form_submission f',
    measures: [
      { name: 'submissions', description: 'Number of submissions.', sql: 'count(*)' },
      { name: 'newLeads', description: 'Submissions that made a new lead.', sql: 'count(*) FILTER (WHERE f.is_new_lead)' },
    ],
    dimensions: [
      { name: 'date', description: 'The day of the submission.', sql: 'f.date_key', date: true },
      { name: 'campaign', description: 'The campaign (id) the form belongs to, if any.', sql: 'f.campaign_id' },
      { name: 'source', description: 'The utm_source the visitor came with.', sql: 'f.utm_source' },
      { name: 'form', description: "The form's name.", sql: 'f.form_name' },
      { name: 'customer', description: 'The customer (id) of the person, if known.', sql: 'f.customer_id' },
    ],
  },
  {
    name: 'loyalty',
    description:
      "Entries of marketing's loyalty ledger: points earned (won revenue, events attended, awards), redeemed or expired; dated by the entry.",
    from: 'warehouse.fact_loyalty_entry l',
    measures: [
      { name: 'pointsEarned', description: 'Points earned.', sql: 'coalesce(sum(l.points) FILTER (WHERE l.points > 0), 0)' },
      { name: 'pointsRedeemed', description: 'Points redeemed.', sql: "coalesce(-sum(l.points) FILTER (WHERE l.kind = 'REDEMPTION'), 0)" },
      { name: 'pointsExpired', description: 'Points expired.', sql: "coalesce(-sum(l.points) FILTER (WHERE l.kind = 'EXPIRY'), 0)" },
      { name: 'netPoints', description: 'Points earned less those redeemed or expired.', sql: 'sum(l.points)' },
      { name: 'entries', description: 'Number of ledger entries.', sql: 'count(*)' },
      { name: 'members', description: 'Customers with an entry.', sql: 'count(DISTINCT l.customer_id)' },
    ],
    dimensions: [
      { name: 'date', description: 'The day of the entry.', sql: 'l.date_key', date: true },
      { name: 'kind', description: 'WON_REVENUE, EVENT_ATTENDED, AWARD, REDEMPTION or EXPIRY.', sql: 'l.kind' },
      {
        name: 'loyaltyTier',
        description: "The customer's loyalty tier when the entry was made (before any move the entry caused); null before any tier.",
        sql: loyaltyTierAt('l.customer_id', 'l.occurred_at'),
      },
      { name: 'customer', description: 'The customer (id).', sql: 'l.customer_id' },
      ...customerDimensions('l.customer_id', 'l.occurred_at', 'at the entry'),
    ],
  },
  {
    name: 'loyaltyTierChanges',
    description: "Moves of customers' loyalty tiers, up or down; dated by the move.",
    from: 'warehouse.fact_loyalty_tier_change t',
    measures: [
      { name: 'changes', description: 'Number of tier moves.', sql: 'count(*)' },
      { name: 'members', description: 'Customers whose tier moved.', sql: 'count(DISTINCT t.customer_id)' },
    ],
    dimensions: [
      { name: 'date', description: 'The day of the move.', sql: 't.date_key', date: true },
      { name: 'fromTier', description: 'The tier it left; null for none.', sql: 't.from_tier' },
      { name: 'toTier', description: 'The tier it reached; null for none.', sql: 't.to_tier' },
      { name: 'customer', description: 'The customer (id).', sql: 't.customer_id' },
      ...customerDimensions('t.customer_id', 't.changed_at', 'at the move'),
    ],
  },
  {
    name: 'productIssues',
    description:
      "Cases about a product against the units of it on won deals' lines, per product and day (cases by opening, units by the close).",
    from: `(SELECT product_id, date_key, count(*) AS cases, 0::numeric AS units FROM warehouse.fact_case WHERE product_id IS NOT NULL
             GROUP BY product_id, date_key
           UNION ALL
           SELECT l.product_id, d.date_key, 0, sum(l.quantity) FROM warehouse.fact_deal_line l
             JOIN warehouse.fact_deal d ON d.opportunity_id = l.opportunity_id AND d.outcome = 'WON' GROUP BY l.product_id, d.date_key) p`,
    measures: [
      { name: 'cases', description: 'Cases about the product.', sql: 'sum(p.cases)' },
      { name: 'unitsSold', description: 'Units of the product on won deals.', sql: 'sum(p.units)' },
      {
        name: 'casesPer100Units',
        description: 'cases × 100 / unitsSold, 4 decimals; null without a unit sold.',
        sql: 'round(sum(p.cases) * 100 / nullif(sum(p.units), 0), 4)',
      },
    ],
    dimensions: [
      { name: 'date', description: 'The day the case was opened or the deal won.', sql: 'p.date_key', date: true },
      { name: 'product', description: 'The product (id).', sql: 'p.product_id' },
    ],
  },
];
