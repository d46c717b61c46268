import type { CaseEntity } from './case.entity';
import { CaseChannel, CasePriority, CaseStatus, CaseType, priorityRank } from './case.enums';
import { toCase } from './case.object';

describe('case mapper', () => {
  const entity: CaseEntity = {
    id: '6f1c1b2e-8d6a-4f6e-9c49-1d2b3c4d5e6f',
    customerId: '0b8a4f8e-5b7c-4c0e-9a51-3f1f7f0c2d11',
    subject: 'Printer on fire',
    description: null,
    type: CaseType.INCIDENT,
    channel: CaseChannel.PHONE,
    priority: CasePriority.URGENT,
    priorityRank: 4,
    status: CaseStatus.CLOSED,
    productId: '9a7d3c2b-1e0f-4a5b-8c6d-7e8f9a0b1c2d',
    contactId: null,
    queueId: null,
    customerTier: 2,
    assigneeId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    mergedIntoId: null,
    firstResponseDueAt: new Date('2031-01-01T04:00:00.000Z'),
    resolutionDueAt: null,
    firstRespondedAt: null,
    slaPausedAt: new Date('2031-01-01T01:00:00.000Z'),
    firstResponseBreachedAt: null,
    resolutionBreachedAt: null,
    escalationLevel: 1,
    openedAt: new Date('2031-01-01T00:00:00.000Z'),
    updatedAt: new Date('2031-01-02T00:00:00.000Z'),
    closedAt: new Date('2031-01-02T00:00:00.000Z'),
    resolvedAt: new Date('2031-01-01T12:00:00.000Z'),
  };

  it('maps every API field and keeps the sort column and the SLA pause bookkeeping out of the API', () => {
    const { priorityRank: _rank, slaPausedAt: _paused, ...fields } = entity;
    expect(toCase(entity)).toEqual(fields);
    expect(Object.keys(toCase(entity))).not.toContain('priorityRank');
    expect(Object.keys(toCase(entity))).not.toContain('slaPausedAt');
  });

  it('ranks priorities from LOW to URGENT', () => {
    expect([CasePriority.LOW, CasePriority.MEDIUM, CasePriority.HIGH, CasePriority.URGENT].map(priorityRank)).toEqual([1, 2, 3, 4]);
  });
});
