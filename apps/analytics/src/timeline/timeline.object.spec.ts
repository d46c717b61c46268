import { toCustomerMetrics, toTimelineEntry } from './timeline.object';

describe('timeline mappers', () => {
  it('gives a customer without events zero interactions rather than no metrics', () => {
    expect(toCustomerMetrics(null)).toEqual({ interactionCount: 0, lastInteractionAt: null });
  });

  it('maps a metrics row without its bookkeeping columns', () => {
    const last = new Date('2031-01-01T00:00:00.000Z');
    expect(toCustomerMetrics({ customerId: 'c', interactionCount: 3, lastInteractionAt: last, updatedAt: new Date() })).toEqual({
      interactionCount: 3,
      lastInteractionAt: last,
    });
  });

  it('maps an entry field by field', () => {
    const e = {
      id: 'e',
      customerId: 'c',
      occurredAt: new Date(0),
      type: 'CASE_OPENED',
      source: 'service',
      summary: 'Case opened: X (LOW)',
    };
    expect(toTimelineEntry({ ...e, linkType: 'Case', linkId: 'k' })).toEqual({ ...e, link: { type: 'Case', id: 'k' } });
    // Entries recorded before links existed open nothing.
    expect(toTimelineEntry({ ...e, linkType: null, linkId: null })).toEqual({ ...e, link: null });
  });
});
