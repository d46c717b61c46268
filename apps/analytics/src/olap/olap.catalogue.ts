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
    ],
  },
  {
    name: 'cases',
    description: 'Service cases, one row per case; dated by its opening.',
    from: 'warehouse.fact_case c',
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
    ],
    dimensions: [
      { name: 'date', description: 'The day the case was opened.', sql: 'c.date_key', date: true },
      { name: 'priority', description: 'The priority it has now.', sql: 'c.priority' },
      { name: 'status', description: 'The status it has now.', sql: 'c.status' },
      { name: 'product', description: 'The product (id) it is about, if any.', sql: 'c.product_id' },
      { name: 'customer', description: 'The customer (id).', sql: 'c.customer_id' },
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
