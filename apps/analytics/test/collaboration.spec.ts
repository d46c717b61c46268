import { randomUUID } from 'node:crypto';
import {
  CaseUpdatedV2,
  ContactUpdatedV2,
  CustomerUpdatedV2,
  LeadUpdatedV2,
  OpportunityUpdatedV2,
  PartnerUpdatedV2,
  type EventContract,
  type PayloadOf,
} from '@crm/contracts';
import { eventually, itPagesWithCursors } from '@crm/testing';
import { customerSnapshot, useTestSubgraph, type CustomerSnapshot } from '@crm/subgraph-testing';
import { analyticsSubgraph } from '../src/analytics.subgraph';
import { AUDIT_GROUP_ID } from '../src/audit/audit.consumer';

const ids = {
  alice: randomUUID(),
  bob: randomUUID(),
  customer: randomUUID(),
  contact: randomUUID(),
  deal: randomUUID(),
  pager: randomUUID(),
};
const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString();
const NODE = 'recordType recordId field oldValue newValue changedBy { id } changedAt';

const customer = (over: Partial<CustomerSnapshot> = {}) => customerSnapshot({ lifecycleStage: 'PROSPECT', ...over });

interface Entry {
  recordType: string;
  recordId: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  changedBy: { id: string } | null;
  changedAt: string;
}

const renamed = (name: string, by: string, changes: PayloadOf<typeof CustomerUpdatedV2>['changes'], snapshot = customer({ name })) => ({
  customerId: ids.customer,
  changes,
  customer: snapshot,
  updatedBy: by,
  updatedAt: new Date().toISOString(),
});

describe('collaboration in analytics', () => {
  const analytics = useTestSubgraph(analyticsSubgraph);
  const { events } = analytics;

  /** Sends an event and waits until `groupId` applied it. */
  const applied = async <C extends EventContract>(
    contract: C,
    data: PayloadOf<C>,
    opts?: { id?: string; time?: string },
    groupId = AUDIT_GROUP_ID,
  ) => {
    const id = await events.send(contract, data, opts);
    await eventually(async () =>
      expect(await analytics.sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [groupId, id])).toHaveLength(1),
    );
    return id;
  };

  describe('the audit trail', () => {
    const trail = async (filter: Record<string, unknown>, first = 50) => {
      const res = await analytics.gql<{ auditTrail: { edges: { node: Entry }[] } }>(
        `query($f: AuditTrailFilter, $first: Int) { auditTrail(filter: $f, first: $first) { edges { node { ${NODE} } } } }`,
        { f: filter, first },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.auditTrail.edges.map((e) => e.node);
    };
    beforeAll(async () => {
      await applied(CustomerUpdatedV2, renamed('Acme Corp', ids.alice, [{ field: 'name', old: 'Acme', new: 'Acme Corp' }]), {
        time: at(1),
      });
      await applied(
        CustomerUpdatedV2,
        renamed(
          'Acme Corp',
          ids.bob,
          [
            { field: 'tier', old: null, new: 1 },
            { field: 'tags', old: [], new: ['vip'] },
          ],
          customer({ name: 'Acme Corp', tier: 1, tags: ['vip'] }),
        ),
        { time: at(2) },
      );
      await applied(
        ContactUpdatedV2,
        {
          contactId: ids.contact,
          customerId: ids.customer,
          changed: ['title'],
          changes: [{ field: 'title', old: 'CTO', new: 'CEO' }],
          fullName: 'Ada Lovelace',
          email: null,
          emails: [],
          phones: [],
          title: 'CEO',
          role: null,
          updatedBy: ids.alice,
          updatedAt: new Date().toISOString(),
        },
        { time: at(3) },
      );
      await applied(
        OpportunityUpdatedV2,
        {
          opportunityId: ids.deal,
          customerId: ids.customer,
          name: 'Renewal',
          amount: { amount: '1200.00', currency: 'EUR' },
          closeDate: '2026-03-31',
          ownerId: null,
          partnerId: null,
          pipelineId: randomUUID(),
          stageId: randomUUID(),
          status: 'OPEN',
          changed: ['amount', 'lines'],
          changes: [{ field: 'amount', old: '1000.0000', new: '1200.00' }],
          updatedBy: null,
          updatedAt: new Date().toISOString(),
        },
        { time: at(4) },
      );
    });

    it("lists a record's field changes newest first: who, when, the old and the new value as JSON", async () => {
      expect(await trail({ recordId: ids.customer })).toEqual([
        {
          recordType: 'CUSTOMER',
          recordId: ids.customer,
          field: 'tags',
          oldValue: '[]',
          newValue: '["vip"]',
          changedBy: { id: ids.bob },
          changedAt: at(2),
        },
        {
          recordType: 'CUSTOMER',
          recordId: ids.customer,
          field: 'tier',
          oldValue: null,
          newValue: '1',
          changedBy: { id: ids.bob },
          changedAt: at(2),
        },
        {
          recordType: 'CUSTOMER',
          recordId: ids.customer,
          field: 'name',
          oldValue: '"Acme"',
          newValue: '"Acme Corp"',
          changedBy: { id: ids.alice },
          changedAt: at(1),
        },
      ]);
      expect(await trail({ recordType: 'OPPORTUNITY', recordId: ids.deal })).toEqual([
        expect.objectContaining({ field: 'amount', oldValue: '"1000.0000"', newValue: '"1200.00"', changedBy: null }),
      ]);
    });

    it("lists one user's changes across records within a period", async () => {
      const alices = await trail({ changedBy: ids.alice });
      expect(alices.map((e) => [e.recordType, e.field])).toEqual([
        ['CONTACT', 'title'],
        ['CUSTOMER', 'name'],
      ]);
      expect((await trail({ changedBy: ids.alice, from: at(2), to: at(4) })).map((e) => e.field)).toEqual(['title']);
      expect(await trail({ changedBy: ids.alice, from: at(4) })).toEqual([]);
    });

    it("keeps a partner's field changes and who made them, from partner.updated.v2", async () => {
      const [partnerId, manager, carol] = [randomUUID(), randomUUID(), randomUUID()];
      await applied(
        PartnerUpdatedV2,
        {
          partnerId,
          changes: [
            { field: 'tier', old: 'SILVER', new: 'GOLD' },
            { field: 'channelManagerId', old: null, new: manager },
          ],
          name: 'Northwind',
          kind: 'RESELLER',
          tier: 'GOLD',
          territory: ['DE'],
          channelManagerId: manager,
          updatedBy: carol,
          updatedAt: new Date().toISOString(),
        },
        { time: at(7) },
      );
      expect(await trail({ recordType: 'PARTNER', recordId: partnerId })).toEqual([
        {
          recordType: 'PARTNER',
          recordId: partnerId,
          field: 'channelManagerId',
          oldValue: null,
          newValue: `"${manager}"`,
          changedBy: { id: carol },
          changedAt: at(7),
        },
        {
          recordType: 'PARTNER',
          recordId: partnerId,
          field: 'tier',
          oldValue: '"SILVER"',
          newValue: '"GOLD"',
          changedBy: { id: carol },
          changedAt: at(7),
        },
      ]);
    });

    it("keeps a lead's field changes and who made them, from lead.updated.v2", async () => {
      const [leadId, owner, dave] = [randomUUID(), randomUUID(), randomUUID()];
      await applied(
        LeadUpdatedV2,
        {
          leadId,
          customerId: null,
          email: 'lead@audit.test',
          changed: ['ownerId', 'tags'],
          changes: [
            { field: 'ownerId', old: null, new: owner },
            { field: 'tags', old: [], new: ['vip'] },
          ],
          ownerId: owner,
          updatedBy: dave,
          updatedAt: new Date().toISOString(),
        },
        { time: at(8) },
      );
      expect(await trail({ recordType: 'LEAD', recordId: leadId })).toEqual([
        {
          recordType: 'LEAD',
          recordId: leadId,
          field: 'tags',
          oldValue: '[]',
          newValue: '["vip"]',
          changedBy: { id: dave },
          changedAt: at(8),
        },
        {
          recordType: 'LEAD',
          recordId: leadId,
          field: 'ownerId',
          oldValue: null,
          newValue: `"${owner}"`,
          changedBy: { id: dave },
          changedAt: at(8),
        },
      ]);
    });

    it("keeps a case's field changes and who made them, from case.updated.v2", async () => {
      const [caseId, dave] = [randomUUID(), randomUUID()];
      await applied(
        CaseUpdatedV2,
        {
          caseId,
          customerId: ids.customer,
          subject: 'Printer on fire',
          productId: null,
          changed: ['priority', 'resolutionDueAt'],
          changes: [
            { field: 'priority', old: 'LOW', new: 'URGENT' },
            { field: 'resolutionDueAt', old: null, new: '2026-01-01T04:00:00.000Z' },
          ],
          priority: 'URGENT',
          firstResponseDueAt: null,
          resolutionDueAt: '2026-01-01T04:00:00.000Z',
          updatedBy: dave,
          updatedAt: new Date().toISOString(),
        },
        { time: at(8) },
      );
      expect(await trail({ recordType: 'CASE', recordId: caseId })).toEqual([
        {
          recordType: 'CASE',
          recordId: caseId,
          field: 'resolutionDueAt',
          oldValue: null,
          newValue: '"2026-01-01T04:00:00.000Z"',
          changedBy: { id: dave },
          changedAt: at(8),
        },
        {
          recordType: 'CASE',
          recordId: caseId,
          field: 'priority',
          oldValue: '"LOW"',
          newValue: '"URGENT"',
          changedBy: { id: dave },
          changedAt: at(8),
        },
      ]);
    });

    it('keeps a redelivered event once', async () => {
      const before = await analytics.count('audit_entry');
      const change = { ...renamed('Again', ids.bob, [{ field: 'name', old: 'Acme Corp', new: 'Again' }]) };
      const id = await applied(CustomerUpdatedV2, change, { time: at(5) });
      await events.send(CustomerUpdatedV2, change, { id, time: at(5) });
      // A later event on the same partition is applied after the redelivered one.
      await applied(CustomerUpdatedV2, renamed('Acme Corp', ids.bob, [{ field: 'name', old: 'Again', new: 'Acme Corp' }]), { time: at(6) });
      expect(await analytics.count('audit_entry')).toBe(before + 2);
    });

    it.each([
      [
        'a user who is not an admin',
        { roles: ['sales' as const], userId: randomUUID() },
        '{ auditTrail { edges { cursor } } }',
        'FORBIDDEN',
        undefined,
      ],
      [
        'a malformed record id',
        undefined,
        '{ auditTrail(filter: { recordId: "42" }) { edges { cursor } } }',
        'BAD_USER_INPUT',
        'filter.recordId',
      ],
      [
        'an unknown record type',
        undefined,
        '{ auditTrail(filter: { recordType: "INVOICE" }) { edges { cursor } } }',
        'GRAPHQL_VALIDATION_FAILED',
        undefined,
      ],
      [
        'a period that ends before it starts',
        undefined,
        '{ auditTrail(filter: { from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }) { edges { cursor } } }',
        'BAD_USER_INPUT',
        'filter.to',
      ],
    ])('refuses %s', async (_case, caller, query, code, field) => {
      const res = await (caller ? analytics.gqlAs(caller) : analytics.gql)<{ auditTrail: unknown }>(query);
      expect(res.data?.auditTrail ?? null).toBeNull();
      expect(res.errors![0]!.extensions).toMatchObject({ code, ...(field ? { field } : {}) });
    });

    itPagesWithCursors({
      gql: () => analytics.gql,
      field: 'auditTrail',
      filterType: 'AuditTrailFilter',
      filter: () => ({ changedBy: ids.pager }),
      label: 'field',
      seed: async () => {
        for (const [n, field] of ['p1', 'p2', 'p3'].entries()) {
          await applied(CustomerUpdatedV2, renamed('Acme Corp', ids.pager, [{ field, old: null, new: n }]), { time: at(10 + n) });
        }
      },
      orders: { NEWEST_FIRST: ['p3', 'p2', 'p1'] },
    });
  });
});
