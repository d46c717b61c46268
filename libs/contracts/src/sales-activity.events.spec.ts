import { AllEvents } from './events';
import { ActivityCreated, ActivityEvents, CustomerFollowUpScheduled, SALES_ACTIVITY_TOPIC } from './sales-activity.events';
import { ContactDeleted, ContactEvents, ContactUpdated } from './sales-contact.events';

const id = '11111111-1111-4111-8111-111111111111';
const at = '2026-11-23T10:00:00.000Z';

describe('activity and contact contracts', () => {
  it('are in the registry, with unique versioned types on their aggregate topics', () => {
    for (const c of [...ActivityEvents, ...ContactEvents]) expect(AllEvents).toContain(c);
    const types = AllEvents.map((c) => c.type);
    expect(new Set(types).size).toBe(types.length);
    for (const c of ActivityEvents) {
      expect(c.type).toMatch(/^crm\.sales\.activity\.[a-z-]+\.v\d+$/);
      expect(c.topic).toBe(SALES_ACTIVITY_TOPIC);
    }
    for (const c of [ContactUpdated, ContactDeleted]) expect(c.type).toMatch(/^crm\.sales\.contact\.[a-z-]+\.v\d+$/);
  });

  it('check payloads at runtime and key them by customer', () => {
    const created = {
      activityId: id,
      customerId: id,
      contactId: null,
      opportunityId: null,
      type: 'TASK',
      subject: 'Follow up',
      ownerId: id,
      dueAt: at,
      remindAt: null,
      automated: true,
      createdBy: null,
      createdAt: at,
    };
    expect(ActivityCreated.subject(ActivityCreated.schema.parse(created))).toBe(id);
    expect(ActivityCreated.schema.safeParse({ ...created, type: 'LUNCH' }).success).toBe(false);
    expect(ActivityCreated.schema.safeParse({ ...created, customerId: 'x' }).success).toBe(false);
    const scheduled = {
      activityId: id,
      customerId: id,
      ownerId: id,
      tier: 1,
      staleDays: 30,
      lastTouchedAt: null,
      windowStart: '2026-11-03',
      scheduledAt: at,
    };
    expect(CustomerFollowUpScheduled.schema.safeParse(scheduled).success).toBe(true);
    expect(CustomerFollowUpScheduled.schema.safeParse({ ...scheduled, windowStart: '2026-11-03T00:00:00Z' }).success).toBe(false);
  });
});
