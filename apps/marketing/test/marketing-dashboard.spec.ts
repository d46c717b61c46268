import { randomUUID } from 'node:crypto';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { marketingSubgraph } from '../src/marketing.subgraph';

const DASHBOARD = `query($from: String!, $to: String!) { marketingDashboard(from: $from, to: $to) {
  from to
  funnel { status leads }
  conversion { leads qualified converted marketingQualified qualifiedRate qualifiedToCustomerRate conversionRate mqlRate averageHoursToMql averageHoursToConvert }
  sources { source leads qualified converted marketingQualified conversionRate }
  campaigns { campaignId name type leads converted actualCost { amount currency } costPerLead { amount currency } sends opens clicks unsubscribes }
} }`;

interface LeadRow {
  id: string;
  status: string;
  source: string;
  campaign: string | null;
  created: Date;
  converted: Date | null;
  mql: Date | null;
  wasQualified: boolean;
}

/**
 * The dashboard against figures this spec computes itself from the rows, in JavaScript: the history
 * (capture, MQL and conversion times, sends) is set in SQL, since no API back-dates it.
 */
describe('marketing dashboard', () => {
  const marketing = useTestSubgraph(marketingSubgraph);
  const { gql } = marketing;
  const [from, to] = ['2030-03-01', '2030-03-31'];
  const start = new Date('2030-03-01T00:00:00Z');
  const until = new Date('2030-04-01T00:00:00Z');
  const inPeriod = (d: Date | null) => d !== null && d >= start && d < until;
  let campaignA: string;
  let campaignB: string;

  const ok = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await gql<T>(query, variables);
    if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const campaign = async (i: Record<string, unknown>) =>
    (await ok<{ createCampaign: { id: string } }>(`mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }`, { i }))
      .createCampaign.id;
  const move = (leadId: string, status: string, reason?: string) =>
    ok(`mutation($i: ChangeLeadStatusInput!) { changeLeadStatus(input: $i) { id } }`, { i: { leadId, status, reason } });
  /** A lead captured through the graph, then given its history. */
  const lead = async (o: {
    source: string;
    campaign?: string;
    created: string;
    moves?: [string, string?][];
    mql?: string;
    converted?: string;
  }): Promise<string> => {
    const { id } = await marketing.ctx.newLead({ source: o.source });
    if (o.campaign)
      await ok(`mutation($i: UpdateLeadInput!) { updateLead(input: $i) { id } }`, { i: { id, sourceDetail: { campaignId: o.campaign } } });
    for (const [status, reason] of o.moves ?? []) await move(id, status, reason);
    await marketing.sql(`UPDATE lead SET created_at = $2 WHERE id = $1`, [id, o.created]);
    if (o.converted) await marketing.sql(`UPDATE lead SET status = 'CONVERTED', converted_at = $2 WHERE id = $1`, [id, o.converted]);
    if (o.mql)
      await marketing.sql(
        `INSERT INTO lead_score (lead_id, fit, engagement, engagement_at, score, qualified_at, updated_at) VALUES ($1, 0, 100, $2, 100, $2, $2)
         ON CONFLICT (lead_id) DO UPDATE SET qualified_at = $2`,
        [id, o.mql],
      );
    return id;
  };

  beforeAll(async () => {
    campaignA = await campaign({ name: 'Spring mail', type: 'EMAIL', actualCost: { amount: '300', currency: 'EUR' } });
    campaignB = await campaign({ name: 'Spring webinar', type: 'WEBINAR' });

    await lead({
      source: 'WEB_FORM',
      campaign: campaignA,
      created: '2030-03-02T00:00:00Z',
      moves: [['CONTACTED'], ['QUALIFIED']],
      mql: '2030-03-03T12:00:00Z',
    });
    await lead({
      source: 'WEB_FORM',
      campaign: campaignA,
      created: '2030-03-05T00:00:00Z',
      mql: '2030-03-06T00:00:00Z',
      converted: '2030-03-10T00:00:00Z',
    });
    await lead({ source: 'EVENT', campaign: campaignB, created: '2030-03-10T00:00:00Z', moves: [['UNQUALIFIED', 'no budget']] });
    await lead({ source: 'REFERRAL', created: '2030-03-31T23:59:59Z' });
    // Qualified once, then back to CONTACTED: it still reached QUALIFIED.
    await lead({ source: 'WEB_FORM', created: '2030-03-15T00:00:00Z', moves: [['QUALIFIED'], ['CONTACTED']] });
    // Outside the period: counted nowhere but in campaign A's cost per lead.
    await lead({ source: 'WEB_FORM', campaign: campaignA, created: '2030-02-20T00:00:00Z', converted: '2030-03-01T00:00:00Z' });
    await lead({ source: 'EVENT', created: '2030-04-01T00:00:00Z', mql: '2030-04-01T01:00:00Z' });

    // Campaign A's mail: three sent in the period (one opened, one clicked), one sent before it but opened in it, one failed.
    const send = randomUUID();
    await marketing.sql(
      `INSERT INTO email_send (id, campaign_id, template_id, subject, html, text, links, status, scheduled_at, created_at)
       VALUES ($1, $2, $3, 'Hi', '<p>Hi</p>', 'Hi', '{}', 'COMPLETED', '2030-02-25T00:00:00Z', '2030-02-25T00:00:00Z')`,
      [send, campaignA, randomUUID()],
    );
    const message = (status: string, sent: string | null, opened: string | null = null, clicked: string | null = null) =>
      marketing.sql(
        `INSERT INTO email_message (id, send_id, campaign_id, person_kind, person_id, email, status, recorded_at, sent_at, opened_at, clicked_at)
         VALUES ($1, $2, $3, 'LEAD', $4, $5, $6, '2030-02-25T00:00:00Z', $7, $8, $9)`,
        [randomUUID(), send, campaignA, randomUUID(), `${randomUUID()}@example.com`, status, sent, opened, clicked],
      );
    await message('SENT', '2030-03-05T09:00:00Z', '2030-03-06T09:00:00Z', '2030-03-06T09:01:00Z');
    await message('SENT', '2030-03-05T09:00:01Z', '2030-03-07T09:00:00Z');
    await message('SENT', '2030-03-05T09:00:02Z');
    await message('SENT', '2030-02-25T09:00:00Z', '2030-03-02T09:00:00Z');
    await message('FAILED', null);
    // Members who left campaign A: two in the period, one after it.
    for (const left of ['2030-03-08T00:00:00Z', '2030-03-09T00:00:00Z', '2030-04-02T00:00:00Z'])
      await marketing.sql(
        `INSERT INTO campaign_member (campaign_id, person_id, person_kind, email, status, added_at, updated_at)
         VALUES ($1, $2, 'LEAD', $3, 'UNSUBSCRIBED', '2030-02-01T00:00:00Z', $4)`,
        [campaignA, randomUUID(), `${randomUUID()}@example.com`, left],
      );
  });
  /** Every lead with what the figures are made of, read back from the database. */
  const leadRows = async (): Promise<LeadRow[]> =>
    (
      await marketing.sql<{
        id: string;
        status: string;
        source: string;
        source_campaign_id: string | null;
        created_at: Date;
        converted_at: Date | null;
        qualified_at: Date | null;
      }>(
        `SELECT l.id, l.status, l.source, l.source_campaign_id, l.created_at, l.converted_at, s.qualified_at FROM lead l LEFT JOIN lead_score s ON s.lead_id = l.id`,
      )
    ).map((r) => ({
      id: r.id,
      status: r.status,
      source: r.source,
      campaign: r.source_campaign_id,
      created: new Date(r.created_at),
      converted: r.converted_at && new Date(r.converted_at),
      mql: r.qualified_at && new Date(r.qualified_at),
      wasQualified: false,
    }));

  it('computes the funnel, conversion, MQL rate and times, and sources from the leads captured in the period', async () => {
    const rows = await leadRows();
    const qualifiedOnce = new Set(
      (await marketing.sql<{ lead_id: string }>(`SELECT lead_id FROM lead_status_change WHERE to_status = 'QUALIFIED'`)).map(
        (r) => r.lead_id,
      ),
    );
    const cohort = rows
      .filter((l) => inPeriod(l.created))
      .map((l) => ({ ...l, wasQualified: qualifiedOnce.has(l.id) || l.status === 'QUALIFIED' || l.status === 'CONVERTED' }));
    const hours = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 3_600_000;
    const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
    const tally = (ls: typeof cohort) => ({
      leads: ls.length,
      qualified: ls.filter((l) => l.wasQualified).length,
      converted: ls.filter((l) => l.converted).length,
      marketingQualified: ls.filter((l) => l.mql).length,
    });
    const all = tally(cohort);
    // What the data above was made to hold, so the independent figures cannot both be empty.
    expect(all).toEqual({ leads: 5, qualified: 3, converted: 1, marketingQualified: 2 });

    const res = await gql<{ marketingDashboard: Record<string, unknown> & { conversion: Record<string, number | null> } }>(DASHBOARD, {
      from,
      to,
    });
    expect(res.errors).toBeUndefined();
    const d = res.data!.marketingDashboard;
    expect(d.from).toBe(from);
    expect(d.funnel).toEqual(
      ['NEW', 'CONTACTED', 'RECYCLED', 'QUALIFIED', 'UNQUALIFIED', 'CONVERTED'].map((status) => ({
        status,
        leads: cohort.filter((l) => l.status === status).length,
      })),
    );
    const { averageHoursToMql, averageHoursToConvert, ...rates } = d.conversion;
    expect(rates).toEqual({
      ...all,
      qualifiedRate: all.qualified / all.leads,
      qualifiedToCustomerRate: all.converted / all.qualified,
      conversionRate: all.converted / all.leads,
      mqlRate: all.marketingQualified / all.leads,
    });
    expect(averageHoursToMql).toBeCloseTo(mean(cohort.filter((l) => l.mql).map((l) => hours(l.created, l.mql!)))!, 6);
    expect(averageHoursToConvert).toBeCloseTo(mean(cohort.filter((l) => l.converted).map((l) => hours(l.created, l.converted!)))!, 6);
    expect([averageHoursToMql, averageHoursToConvert]).toEqual([30, 120]);

    const sources = [...new Set(cohort.map((l) => l.source))].map((source) => {
      const t = tally(cohort.filter((l) => l.source === source));
      return { source, ...t, conversionRate: t.converted / t.leads };
    });
    expect(d.sources).toEqual(expect.arrayContaining(sources));
    expect(d.sources).toHaveLength(sources.length);
    expect((d.sources as { leads: number }[]).map((s) => s.leads)).toEqual([...sources.map((s) => s.leads)].sort((a, b) => b - a));
  });

  it("computes each campaign's leads, cost per lead, sends, opens, clicks and unsubscribes in the period", async () => {
    const rows = await leadRows();
    const mail = await marketing.sql<{
      campaign_id: string;
      status: string;
      sent_at: Date | null;
      opened_at: Date | null;
      clicked_at: Date | null;
    }>(`SELECT campaign_id, status, sent_at, opened_at, clicked_at FROM email_message`);
    const members = await marketing.sql<{ campaign_id: string; status: string; updated_at: Date }>(
      `SELECT campaign_id, status, updated_at FROM campaign_member`,
    );
    const at = (d: Date | null) => (d ? new Date(d) : null);
    const figures = (id: string) => {
      const brought = rows.filter((l) => l.campaign === id);
      const ofCampaign = mail.filter((m) => m.campaign_id === id);
      return {
        leads: brought.filter((l) => inPeriod(l.created)).length,
        converted: brought.filter((l) => inPeriod(l.created) && l.converted).length,
        ever: brought.length,
        sends: ofCampaign.filter((m) => m.status === 'SENT' && inPeriod(at(m.sent_at))).length,
        opens: ofCampaign.filter((m) => inPeriod(at(m.opened_at))).length,
        clicks: ofCampaign.filter((m) => inPeriod(at(m.clicked_at))).length,
        unsubscribes: members.filter((m) => m.campaign_id === id && m.status === 'UNSUBSCRIBED' && inPeriod(at(m.updated_at))).length,
      };
    };
    const a = figures(campaignA);
    const b = figures(campaignB);
    expect(a).toEqual({ leads: 2, converted: 1, ever: 3, sends: 3, opens: 3, clicks: 1, unsubscribes: 2 });

    const res = await gql<{ marketingDashboard: { campaigns: unknown[] } }>(DASHBOARD, { from, to });
    expect(res.errors).toBeUndefined();
    const { ever: everA, ...inA } = a;
    const { ever: _everB, ...inB } = b;
    expect(res.data!.marketingDashboard.campaigns).toEqual([
      {
        campaignId: campaignA,
        name: 'Spring mail',
        type: 'EMAIL',
        ...inA,
        actualCost: { amount: '300', currency: 'EUR' },
        costPerLead: { amount: String(Math.round((300 / everA) * 100) / 100), currency: 'EUR' },
      },
      { campaignId: campaignB, name: 'Spring webinar', type: 'WEBINAR', ...inB, actualCost: null, costPerLead: null },
    ]);
  });

  it('answers an empty period with zeros and null rates, not a division by zero', async () => {
    const res = await gql<{ marketingDashboard: Record<string, unknown> }>(DASHBOARD, { from: '2020-01-01', to: '2020-01-31' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.marketingDashboard).toMatchObject({
      conversion: {
        leads: 0,
        qualifiedRate: null,
        qualifiedToCustomerRate: null,
        conversionRate: null,
        mqlRate: null,
        averageHoursToMql: null,
      },
      sources: [],
      campaigns: [],
    });
  });

  it.each([
    ['a period that ends before it starts', { from: '2030-03-02', to: '2030-03-01' }, 'to'],
    ['a period of more than two years', { from: '2027-01-01', to: '2030-01-01' }, 'to'],
    ['a day that does not exist', { from: '2030-02-30', to: '2030-03-31' }, 'from'],
    ['a date-time for a day', { from: '2030-03-01', to: '2030-03-31T00:00:00Z' }, 'to'],
  ])('refuses %s as BAD_USER_INPUT naming the field', async (_what, args, field) => {
    const res = await gql(DASHBOARD, args);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
