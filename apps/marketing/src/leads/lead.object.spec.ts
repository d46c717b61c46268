import type { LeadEntity } from './lead.entity';
import { LeadSource, LeadStatus } from './lead.enums';
import { toLead } from './lead.object';

describe('toLead', () => {
  it('maps exactly the API fields of a row', () => {
    const row: LeadEntity & { internal?: string } = {
      id: '7f6f0d5e-1c1a-4c57-9c1e-3f1f8a2b9c10',
      email: 'ada@acme.com',
      name: 'Ada',
      company: null,
      ownerId: '7f6f0d5e-1c1a-4c57-9c1e-3f1f8a2b9c11',
      title: 'CTO',
      country: 'DE',
      industry: 'Software',
      employeeCount: 250,
      sourceFormId: '7f6f0d5e-1c1a-4c57-9c1e-3f1f8a2b9c12',
      sourceCampaignId: null,
      sourceReferral: 'Grace',
      tags: ['vip'],
      unqualifiedReason: null,
      companyDomain: 'acme.com',
      source: LeadSource.EVENT,
      status: LeadStatus.NEW,
      customerId: null,
      convertedAt: null,
      convertedContactId: null,
      convertedOpportunityId: null,
      createdAt: new Date('2031-01-01T00:00:00.000Z'),
      updatedAt: new Date('2031-01-02T00:00:00.000Z'),
      internal: 'never in the API',
    };
    expect(toLead(row)).toEqual({
      id: row.id,
      email: 'ada@acme.com',
      name: 'Ada',
      company: null,
      ownerId: row.ownerId,
      title: 'CTO',
      country: 'DE',
      industry: 'Software',
      employeeCount: 250,
      sourceDetail: { formId: row.sourceFormId, campaignId: null, referral: 'Grace' },
      tags: ['vip'],
      companyDomain: 'acme.com',
      unqualifiedReason: null,
      source: 'EVENT',
      status: 'NEW',
      customerId: null,
      convertedAt: null,
      convertedContactId: null,
      convertedOpportunityId: null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    });
  });
});
