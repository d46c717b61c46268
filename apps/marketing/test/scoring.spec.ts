import { randomUUID } from 'node:crypto';
import { EmailClicked, EmailOpened } from '@crm/contracts';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { eventually } from '@crm/testing';
import { marketingSubgraph } from '../src/marketing.subgraph';

interface ScoreView {
  status: string;
  score: {
    score: number;
    fit: number;
    engagement: number;
    marketingQualified: boolean;
    fitRules: { name: string; points: number }[];
  } | null;
  scoreHistory: { edges: { node: { ruleId: string | null; reason: string; points: number; scoreAfter: number } }[] };
}

const LEAD = `query($id: ID!) { lead(id: $id) {
  status
  score { score fit engagement marketingQualified fitRules { name points } }
  scoreHistory(first: 20) { edges { node { ruleId reason points scoreAfter } } } } }`;
const CREATE = `mutation($i: CreateScoringRuleInput!) { createScoringRule(input: $i) { id name points values } }`;
const UPDATE = `mutation($i: UpdateScoringRuleInput!) { updateScoringRule(input: $i) { id points } }`;
const DAY = 86_400_000;

describe('lead scoring', () => {
  const marketing = useTestSubgraph(marketingSubgraph, { env: { SCORE_MQL_THRESHOLD: '60', SCORE_HALF_LIFE_DAYS: '30' } });
  const { events } = marketing;
  const rules: Record<string, string> = {};
  const { gql } = marketing;
  const view = async (id: string) => (await gql<{ lead: ScoreView }>(LEAD, { id })).data!.lead;
  const rule = async (i: Record<string, unknown>) => {
    const res = await gql<{ createScoringRule: { id: string } }>(CREATE, { i });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    rules[i.name as string] = res.data.createScoringRule.id;
  };
  const message = (leadId: string, email: string) => ({
    messageId: randomUUID(),
    campaignId: randomUUID(),
    personKind: 'LEAD' as const,
    personId: leadId,
    customerId: null,
    email,
  });

  beforeAll(async () => {
    await rule({ name: 'software', attribute: 'INDUSTRY', values: ['Software'], points: 20 });
    await rule({ name: 'cto', attribute: 'TITLE', values: ['cto'], points: 15 });
    await rule({ name: 'mid-size', attribute: 'EMPLOYEE_COUNT', minEmployees: 50, maxEmployees: 500, points: 5 });
    await rule({ name: 'student', attribute: 'TITLE', values: ['student'], points: -30 });
    await rule({ name: 'form', signal: 'FORM_SUBMITTED', points: 10 });
    await rule({ name: 'open', signal: 'EMAIL_OPENED', points: 20 });
    await rule({ name: 'click', signal: 'EMAIL_CLICKED', points: 8 });
  });

  it('scores a form post by fit and engagement, crosses the MQL threshold into QUALIFIED, and keeps the breakdown', async () => {
    const form = await gql<{ createWebForm: { key: string } }>(`mutation($i: CreateWebFormInput!) { createWebForm(input: $i) { key } }`, {
      i: {
        name: 'Demo request',
        scorePoints: 15,
        allowedOrigins: [],
        fieldMap: [
          { field: 'email', attribute: 'EMAIL', required: true },
          { field: 'industry', attribute: 'INDUSTRY' },
          { field: 'job', attribute: 'TITLE' },
          { field: 'size', attribute: 'EMPLOYEE_COUNT' },
        ],
      },
    });
    const res = await fetch(`${new URL(marketing.url).origin}/forms/${form.data!.createWebForm.key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cto@scored.test', industry: 'software', job: 'Group CTO', size: '250' }),
    });
    expect(res.status).toBe(200);
    const id = (await marketing.sql<{ id: string }>(`SELECT id FROM lead WHERE email = 'cto@scored.test'`))[0]!.id;

    // By hand: fit 20 (software) + 15 (cto) + 5 (mid-size) = 40; engagement 10 (form rule) + 15 (the form's own) = 25.
    const fit = 20 + 15 + 5;
    const engagement = 10 + 15;
    const scored = await eventually(async () => {
      const v = await view(id);
      // One request reads the lead, then its score: wait until both show the consumer's commit.
      expect([v.score?.score, v.status]).toEqual([fit + engagement, 'QUALIFIED']);
      return v;
    });
    expect(scored.score).toEqual({
      score: 65,
      fit,
      engagement,
      marketingQualified: true,
      fitRules: [
        { name: 'software', points: 20 },
        { name: 'cto', points: 15 },
        { name: 'mid-size', points: 5 },
      ],
    });
    expect(scored.status).toBe('QUALIFIED');
    const history = scored.scoreHistory.edges.map((e) => e.node);
    expect(history).toHaveLength(3);
    expect(history).toEqual(
      expect.arrayContaining([
        { ruleId: null, reason: 'FIT', points: 40, scoreAfter: 40 },
        { ruleId: rules.form, reason: 'FORM_SUBMITTED', points: 10, scoreAfter: 65 },
        { ruleId: null, reason: 'FORM_SUBMITTED', points: 15, scoreAfter: 65 },
      ]),
    );
    const moves = await marketing.sql(`SELECT from_status, to_status, changed_by FROM lead_status_change WHERE lead_id = $1`, [id]);
    expect(moves).toEqual([{ from_status: 'NEW', to_status: 'QUALIFIED', changed_by: null }]);
    const published = await marketing.sql<{ data: { qualified: boolean; score: number } }>(
      `SELECT data FROM outbox WHERE type = 'crm.marketing.lead.scored.v1' AND data->>'leadId' = $1 ORDER BY seq`,
      [id],
    );
    expect(published.map((p) => [p.data.score, p.data.qualified])).toEqual([
      [40, false],
      [65, true],
    ]);

    // A click adds its rule's 8; still qualified, and not qualified a second time.
    await events.send(EmailClicked, { ...message(id, 'cto@scored.test'), url: 'https://x.test', clickedAt: new Date().toISOString() });
    await eventually(async () => expect((await view(id)).score?.score).toBe(65 + 8));

    // A rule change rescores every lead at once: software is now worth 30.
    const changed = await gql(UPDATE, {
      i: { id: rules.software, name: 'software', attribute: 'INDUSTRY', values: ['software'], points: 30 },
    });
    expect(changed.errors).toBeUndefined();
    expect((await view(id)).score).toMatchObject({ score: 73 + 10, fit: 50 });
    const qualifiedEvents = await marketing.sql(
      `SELECT 1 FROM outbox WHERE type = 'crm.marketing.lead.scored.v1' AND data->>'leadId' = $1 AND (data->>'qualified')::boolean`,
      [id],
    );
    expect(qualifiedEvents).toHaveLength(1);
  });

  it('decays engagement with the half-life: each open is worth 20, and what came before halves every 30 days', async () => {
    const lead = await marketing.ctx.newLead();
    const t0 = Date.now();
    for (const [days, expected] of [
      [0, 20],
      [30, 20 / 2 + 20],
      [60, 30 / 2 + 20],
    ] as const) {
      await events.send(EmailOpened, { ...message(lead.id, lead.email), openedAt: new Date(t0 + days * DAY).toISOString() });
      await eventually(async () => expect((await view(lead.id)).score).toMatchObject({ score: expected, engagement: expected, fit: 0 }));
    }
    expect((await view(lead.id)).status).toBe('NEW');
  });

  it('keeps an unscored lead unscored, and counts a negative fit rule', async () => {
    const plain = await marketing.ctx.newLead();
    const student = await marketing.ctx.newLead();
    const updated = await gql(`mutation($i: UpdateLeadInput!) { updateLead(input: $i) { id } }`, {
      i: { id: student.id, title: 'PhD Student' },
    });
    expect(updated.errors).toBeUndefined();
    await eventually(async () => expect((await view(student.id)).score).toMatchObject({ score: -30, fit: -30 }));
    expect((await view(plain.id)).score).toBeNull();
  });

  describe('rules under bad input', () => {
    it.each([
      ['attribute', { attribute: 'INDUSTRY', values: ['x'], signal: 'EMAIL_OPENED' }],
      ['attribute', {}],
      ['values', { attribute: 'COUNTRY', values: [] }],
      ['values', { signal: 'EMAIL_OPENED', values: ['x'] }],
      ['minEmployees', { attribute: 'EMPLOYEE_COUNT' }],
      ['minEmployees', { attribute: 'INDUSTRY', values: ['x'], minEmployees: 5 }],
      ['maxEmployees', { attribute: 'EMPLOYEE_COUNT', minEmployees: 500, maxEmployees: 50 }],
      ['points', { signal: 'EMAIL_OPENED', points: 5000 }],
      ['name', { signal: 'EMAIL_OPENED', name: '' }],
    ])('refuses a bad %s as BAD_USER_INPUT naming it, writing nothing', async (field, input) => {
      const before = await marketing.count('scoring_rule');
      const res = await gql(CREATE, { i: { name: 'bad', points: 1, ...input } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(res.errors?.[0])).toContain(field);
      expect(await marketing.count('scoring_rule')).toBe(before);
    });

    it('answers an unknown rule NOT_FOUND on id', async () => {
      const res = await gql(UPDATE, { i: { id: randomUUID(), name: 'x', signal: 'EMAIL_OPENED', points: 1 } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    });
  });
});
