import { ADMIN, defineFactory } from '@crm/testing';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { marketingSubgraph } from '../src/marketing.subgraph';

interface LeadView {
  id: string;
  email: string;
  status: string;
  ownerId: string | null;
  company: string | null;
  title: string | null;
  country: string | null;
  industry: string | null;
  employeeCount: number | null;
  tags: string[];
  companyDomain: string | null;
  unqualifiedReason: string | null;
  customerId: string | null;
  sourceDetail: { formId: string | null; campaignId: string | null; referral: string | null };
  emails: { address: string; type: string; primary: boolean }[];
  phones: { number: string; type: string; primary: boolean }[];
}

const FIELDS = `id email status ownerId company title country industry employeeCount tags companyDomain unqualifiedReason customerId
  sourceDetail { formId campaignId referral } emails { address type primary } phones { number type primary }`;
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const newLead = defineFactory<{ email: string; name: string; source: string; company?: string }>((seq) => ({
  email: `lifecycle${seq}@lifecycle-${seq}.test`,
  name: `Lead ${seq}`,
  source: 'WEB_FORM',
}));

describe('lead lifecycle', () => {
  const marketing = useTestSubgraph(marketingSubgraph);
  const { gql, sql } = marketing;

  const capture = async (overrides: Partial<{ email: string; company: string }> = {}): Promise<LeadView> => {
    const res = await gql<{ captureLead: LeadView }>(`mutation($i: CaptureLeadInput!) { captureLead(input: $i) { ${FIELDS} } }`, {
      i: newLead.build(overrides),
    });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.captureLead;
  };
  const update = (i: Record<string, unknown>) =>
    gql<{ updateLead: LeadView }>(`mutation($i: UpdateLeadInput!) { updateLead(input: $i) { ${FIELDS} } }`, { i });
  const move = (leadId: string, status: string, reason?: string) =>
    gql<{ changeLeadStatus: LeadView }>(`mutation($i: ChangeLeadStatusInput!) { changeLeadStatus(input: $i) { ${FIELDS} } }`, {
      i: { leadId, status, ...(reason === undefined ? {} : { reason }) },
    });
  const merge = (survivorId: string, duplicateId: string) =>
    gql<{ mergeLeads: LeadView }>(`mutation($i: MergeLeadsInput!) { mergeLeads(input: $i) { ${FIELDS} } }`, {
      i: { survivorId, duplicateId },
    });
  const outbox = (type: string, leadId: string) =>
    sql<{ data: Record<string, unknown> }>(`SELECT data FROM outbox WHERE type = $1 AND data->>'leadId' = $2 ORDER BY seq`, [type, leadId]);
  /** Every row a refused mutation could have touched, to compare before and after. */
  const snapshot = () =>
    Promise.all([
      sql('SELECT * FROM lead ORDER BY id'),
      sql('SELECT * FROM lead_email ORDER BY lead_id, address'),
      sql('SELECT * FROM lead_phone ORDER BY lead_id, number'),
      sql('SELECT * FROM lead_status_change ORDER BY id'),
      sql('SELECT count(*) FROM outbox'),
    ]);

  it('captures a lead with its email as the one primary WORK email and the company domain from it', async () => {
    const lead = await capture({ email: 'ada@analytical.test' });
    expect(lead).toMatchObject({
      emails: [{ address: 'ada@analytical.test', type: 'WORK', primary: true }],
      phones: [],
      tags: [],
      companyDomain: 'analytical.test',
      ownerId: null,
      sourceDetail: { formId: null, campaignId: null, referral: null },
    });
    expect((await capture({ email: 'someone@gmail.com' })).companyDomain).toBeNull();
  });

  it('updates owner, attributes, typed emails and phones, source detail and tags, and publishes lead.updated', async () => {
    const lead = await capture();
    const ownerId = uuid(1);
    const formId = uuid(2);
    const res = await update({
      id: lead.id,
      ownerId,
      company: ' Analytical Engines ',
      title: 'CTO',
      country: 'de',
      industry: 'Software',
      employeeCount: 250,
      emails: [
        { address: 'Ada@Engines.test', type: 'HOME' },
        { address: 'ada.work@engines.test', type: 'WORK', primary: true },
      ],
      phones: [{ number: '+49 30 1234567', type: 'MOBILE' }],
      sourceDetail: { formId, referral: 'Grace Hopper' },
      tags: ['VIP', ' enterprise ', 'vip'],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateLead).toMatchObject({
      email: 'ada.work@engines.test',
      ownerId,
      company: 'Analytical Engines',
      title: 'CTO',
      country: 'DE',
      industry: 'Software',
      employeeCount: 250,
      companyDomain: 'engines.test',
      emails: [
        { address: 'ada@engines.test', type: 'HOME', primary: false },
        { address: 'ada.work@engines.test', type: 'WORK', primary: true },
      ],
      phones: [{ number: '+49 30 1234567', type: 'MOBILE', primary: true }],
      sourceDetail: { formId, campaignId: null, referral: 'Grace Hopper' },
      tags: ['enterprise', 'vip'],
    });
    // v2 replaced v1: one event, each field with its old and new value and who changed it (the audit trail).
    expect(await outbox('crm.marketing.lead.updated.v1', lead.id)).toEqual([]);
    const [event] = await outbox('crm.marketing.lead.updated.v2', lead.id);
    expect(event!.data).toMatchObject({
      ownerId,
      email: 'ada.work@engines.test',
      updatedBy: ADMIN.userId,
      changed: ['company', 'ownerId', 'title', 'country', 'industry', 'employeeCount', 'sourceDetail', 'tags', 'emails', 'phones'],
    });
    const changes = new Map((event!.data as { changes: { field: string; old: unknown; new: unknown }[] }).changes.map((c) => [c.field, c]));
    expect(changes.get('company')).toEqual({ field: 'company', old: lead.company ?? null, new: 'Analytical Engines' });
    expect(changes.get('ownerId')).toEqual({ field: 'ownerId', old: null, new: ownerId });
    expect(changes.get('tags')).toEqual({ field: 'tags', old: [], new: ['enterprise', 'vip'] });
    expect(changes.get('sourceDetail')).toEqual({
      field: 'sourceDetail',
      old: null,
      new: { formId, campaignId: null, referral: 'Grace Hopper' },
    });
    expect(changes.get('emails')).toEqual({
      field: 'emails',
      old: [{ value: lead.email, type: 'WORK', primary: true }],
      new: [
        { value: 'ada@engines.test', type: 'HOME', primary: false },
        { value: 'ada.work@engines.test', type: 'WORK', primary: true },
      ],
    });

    // The same values again change nothing: no event.
    const same = await update({ id: lead.id, ownerId, title: 'CTO', tags: ['vip', 'enterprise'] });
    expect(same.errors).toBeUndefined();
    expect(await outbox('crm.marketing.lead.updated.v2', lead.id)).toHaveLength(1);

    // null clears what may be empty; omitted keeps it.
    const cleared = await update({ id: lead.id, ownerId: null, phones: null, tags: [] });
    expect(cleared.data!.updateLead).toMatchObject({ ownerId: null, phones: [], tags: [], title: 'CTO', email: 'ada.work@engines.test' });
  });

  it("refuses a primary email that is another lead's as CONFLICT on emails, writing nothing", async () => {
    const taken = await capture();
    const lead = await capture();
    const before = await snapshot();
    const res = await update({ id: lead.id, emails: [{ address: taken.email }] });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'emails' });
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['id', { id: 'nope' }],
    ['country', { country: 'XY' }],
    ['employeeCount', { employeeCount: 0 }],
    ['employeeCount', { employeeCount: 1.5 }],
    ['emails', { emails: [] }],
    ['emails', { emails: null }],
    [
      'emails',
      {
        emails: [
          { address: 'a@b.test', primary: true },
          { address: 'c@b.test', primary: true },
        ],
      },
    ],
    ['emails', { emails: [{ address: 'a@b.test' }, { address: 'A@b.test' }] }],
    ['phones', { phones: [{ number: 'call me' }] }],
    ['tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
    ['tags', { tags: ['a,b'] }],
    ['name', { name: null }],
    ['ownerId', { ownerId: '42' }],
    ['sourceDetail', { sourceDetail: { formId: 'x' } }],
  ])('refuses a bad %s as BAD_USER_INPUT naming it, writing nothing', async (field, patch) => {
    const lead = await capture();
    const before = await snapshot();
    const res = await update({ id: lead.id, ...patch });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res.errors?.[0])).toContain(field);
    expect(await snapshot()).toEqual(before);
  });

  it('answers NOT_FOUND on id for a lead that does not exist', async () => {
    const res = await update({ id: uuid(999), title: 'x' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  describe('status moves', () => {
    it('moves through contacted, unqualified with a reason, recycled and qualified, keeping the history newest first', async () => {
      const lead = await capture();
      expect((await move(lead.id, 'CONTACTED')).data!.changeLeadStatus.status).toBe('CONTACTED');
      const unq = await move(lead.id, 'UNQUALIFIED', ' no budget this year ');
      expect(unq.data!.changeLeadStatus).toMatchObject({ status: 'UNQUALIFIED', unqualifiedReason: 'no budget this year' });
      expect((await move(lead.id, 'RECYCLED')).data!.changeLeadStatus).toMatchObject({ status: 'RECYCLED', unqualifiedReason: null });
      expect((await move(lead.id, 'QUALIFIED')).data!.changeLeadStatus.status).toBe('QUALIFIED');

      const HISTORY = `query($id: ID!, $after: String) { lead(id: $id) { statusHistory(first: 3, after: $after) {
        edges { node { from to reason changedBy changedAt } } pageInfo { hasNextPage endCursor } } } }`;
      type Page = {
        lead: { statusHistory: { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
      };
      const first = (await gql<Page>(HISTORY, { id: lead.id })).data!.lead.statusHistory;
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = (await gql<Page>(HISTORY, { id: lead.id, after: first.pageInfo.endCursor })).data!.lead.statusHistory;
      expect(second.pageInfo.hasNextPage).toBe(false);
      const moves = [...first.edges, ...second.edges].map((e) => e.node);
      expect(moves.map((m) => [m.from, m.to, m.reason])).toEqual([
        ['RECYCLED', 'QUALIFIED', null],
        ['UNQUALIFIED', 'RECYCLED', null],
        ['CONTACTED', 'UNQUALIFIED', 'no budget this year'],
        ['NEW', 'CONTACTED', null],
      ]);
      expect(moves.every((m) => typeof m.changedBy === 'string' && typeof m.changedAt === 'string')).toBe(true);

      const events = await outbox('crm.marketing.lead.status-changed.v1', lead.id);
      expect(events.map((e) => [e.data.from, e.data.to, e.data.reason])).toEqual([
        ['NEW', 'CONTACTED', null],
        ['CONTACTED', 'UNQUALIFIED', 'no budget this year'],
        ['UNQUALIFIED', 'RECYCLED', null],
        ['RECYCLED', 'QUALIFIED', null],
      ]);
    });

    it('refuses a move the lead cannot make, naming where it can go, and writes nothing', async () => {
      const lead = await capture();
      await move(lead.id, 'UNQUALIFIED', 'student');
      const before = await snapshot();
      const res = await move(lead.id, 'QUALIFIED');
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
      expect(res.errors?.[0]?.message).toContain('from UNQUALIFIED it can move to RECYCLED');
      expect(await snapshot()).toEqual(before);
    });

    it('requires a reason to mark a lead UNQUALIFIED', async () => {
      const lead = await capture();
      const res = await move(lead.id, 'UNQUALIFIED', '   ');
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      expect(await sql('SELECT 1 FROM lead_status_change WHERE lead_id = $1', [lead.id])).toEqual([]);
    });

    it('never moves a converted lead, and keeps the conversion in the history', async () => {
      const lead = await capture();
      const converted = await gql(`mutation($i: ConvertLeadInput!) { convertLead(input: $i) { customerId } }`, { i: { leadId: lead.id } });
      expect(converted.errors).toBeUndefined();
      for (const status of ['CONTACTED', 'RECYCLED', 'NEW', 'CONVERTED']) {
        const res = await move(lead.id, status);
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
        expect(res.errors?.[0]?.message).toContain('the lead is converted and cannot move');
      }
      expect(await sql('SELECT from_status, to_status FROM lead_status_change WHERE lead_id = $1', [lead.id])).toEqual([
        { from_status: 'NEW', to_status: 'CONVERTED' },
      ]);
    });

    it('answers NOT_FOUND on leadId for an unknown lead', async () => {
      const res = await move(uuid(998), 'CONTACTED');
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    });
  });

  describe('duplicates and merging', () => {
    const DUPLICATES = `query($id: ID!) { leadDuplicates(leadId: $id) { lead { id } matchedOn } }`;
    const duplicatesOf = async (id: string) =>
      (await gql<{ leadDuplicates: { lead: { id: string }; matchedOn: string[] }[] }>(DUPLICATES, { id })).data!.leadDuplicates;

    it('finds leads sharing an email address or the company domain, and not free-mail neighbours', async () => {
      const a = await capture({ email: 'ceo@globex.test' });
      const sameDomain = await capture({ email: 'cfo@globex.test' });
      const sameEmail = await capture({ email: 'hank@private.test' });
      await update({ id: sameEmail.id, emails: [{ address: 'hank@private.test', primary: true }, { address: 'ceo@globex.test' }] });
      await capture({ email: 'unrelated@initech.test' });
      const found = await duplicatesOf(a.id);
      expect(new Map(found.map((d) => [d.lead.id, d.matchedOn]))).toEqual(
        new Map([
          [sameDomain.id, ['COMPANY_DOMAIN']],
          [sameEmail.id, ['EMAIL']],
        ]),
      );

      const g1 = await capture({ email: 'one@gmail.com' });
      await capture({ email: 'two@gmail.com' });
      expect(await duplicatesOf(g1.id)).toEqual([]);

      const missing = await gql(DUPLICATES, { id: uuid(997) });
      expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'leadId' });
    });

    it('merges a duplicate into the survivor: values filled, emails, phones, tags and history moved, duplicate deleted', async () => {
      const survivor = await capture({ email: 'pat@umbrella.test' });
      const duplicate = await capture({ email: 'p.smith@umbrella.test' });
      await update({ id: survivor.id, tags: ['a'], title: 'Buyer' });
      await update({
        id: duplicate.id,
        tags: ['b', 'a'],
        title: 'Ignored',
        country: 'FR',
        phones: [{ number: '+33 1 23 45 67 89' }],
        ownerId: uuid(5),
      });
      await move(duplicate.id, 'CONTACTED');

      const res = await merge(survivor.id, duplicate.id);
      expect(res.errors).toBeUndefined();
      expect(res.data!.mergeLeads).toMatchObject({
        id: survivor.id,
        email: 'pat@umbrella.test',
        title: 'Buyer',
        country: 'FR',
        ownerId: uuid(5),
        tags: ['a', 'b'],
        emails: [
          { address: 'pat@umbrella.test', primary: true },
          { address: 'p.smith@umbrella.test', primary: false },
        ],
        phones: [{ number: '+33 1 23 45 67 89', primary: false }],
      });
      expect(await sql('SELECT id FROM lead WHERE id = $1', [duplicate.id])).toEqual([]);
      expect(await sql('SELECT to_status FROM lead_status_change WHERE lead_id = $1', [survivor.id])).toEqual([{ to_status: 'CONTACTED' }]);
      const [event] = await outbox('crm.marketing.lead.merged.v1', survivor.id);
      expect(event!.data).toMatchObject({ duplicateId: duplicate.id, duplicateEmail: 'p.smith@umbrella.test' });

      // The duplicate's address now finds the survivor when captured again.
      const again = await gql<{ captureLead: { id: string } }>(`mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }`, {
        i: { email: 'pat@umbrella.test', name: 'Pat', source: 'WEB_FORM' },
      });
      expect(again.data!.captureLead.id).toBe(survivor.id);
    });

    it('refuses merging a lead into itself, an unknown lead, or a converted duplicate, writing nothing', async () => {
      const a = await capture();
      const b = await capture();
      await gql(`mutation($i: ConvertLeadInput!) { convertLead(input: $i) { customerId } }`, { i: { leadId: b.id } });
      const before = await snapshot();
      const self = await merge(a.id, a.id);
      expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'duplicateId' });
      const unknown = await merge(a.id, uuid(996));
      expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'duplicateId' });
      const unknownSurvivor = await merge(uuid(995), a.id);
      expect(unknownSurvivor.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'survivorId' });
      const converted = await merge(a.id, b.id);
      expect(converted.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'duplicateId' });
      expect(await snapshot()).toEqual(before);
    });

    it('refuses merging leads of two different customers', async () => {
      const customerA = uuid(100);
      const customerB = uuid(101);
      marketing.customers.add(customerA);
      marketing.customers.add(customerB);
      const grab = async (customerId: string) =>
        (
          await gql<{ captureLead: { id: string } }>(`mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }`, {
            i: { ...newLead.build(), customerId },
          })
        ).data!.captureLead.id;
      const res = await merge(await grab(customerA), await grab(customerB));
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'duplicateId' });
    });
  });
});
