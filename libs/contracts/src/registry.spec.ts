import * as contracts from './index';
import { AllEvents, SUPERSEDED_BY, subscribedTypes, type EventContract } from './index';

const isContract = (v: unknown): v is EventContract =>
  typeof v === 'object' && v !== null && 'type' in v && 'topic' in v && 'schema' in v && 'subject' in v;

describe('the event registry', () => {
  const exported = Object.entries(contracts as Record<string, unknown>).flatMap(([name, v]) => (isContract(v) ? [[name, v] as const] : []));

  it('lists every exported contract in AllEvents', () => {
    expect(exported.length).toBeGreaterThan(0);
    const missing = exported.filter(([, c]) => !AllEvents.includes(c)).map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('gives every contract its own versioned type, on a versioned topic of its source service', () => {
    const types = AllEvents.map((c) => c.type);
    expect(new Set(types).size).toBe(types.length);
    for (const c of AllEvents) {
      expect(c.type).toMatch(/^crm\.[a-z]+\.[a-z-]+\.[a-z-]+\.v\d+$/);
      expect(c.topic).toMatch(/^crm\.[a-z]+\.[a-z-]+\.v\d+$/);
      expect(c.type.startsWith(`${c.source}.`)).toBe(true);
      expect(c.topic.startsWith(`${c.source}.`)).toBe(true);
    }
  });

  it('names the type that replaced each older version of a type, so a webhook subscribed to the old one is not left with nothing', () => {
    const byType = new Map(AllEvents.map((c) => [c.type, c]));
    const older = AllEvents.filter((c) => AllEvents.some((n) => n.type === c.type.replace(/\.v(\d+)$/, (_, v) => `.v${Number(v) + 1}`)));
    expect(older.length).toBeGreaterThan(0);
    expect([...SUPERSEDED_BY.keys()].sort()).toEqual(older.map((c) => c.type).sort());
    for (const [old, next] of SUPERSEDED_BY) {
      expect(AllEvents).toContain(next);
      expect(next.topic).toBe(byType.get(old)!.topic);
      expect(SUPERSEDED_BY.has(next.type)).toBe(false);
    }
    expect(subscribedTypes('crm.sales.customer.updated.v2')).toEqual(['crm.sales.customer.updated.v2', 'crm.sales.customer.updated.v1']);
    expect(subscribedTypes('crm.sales.customer.created.v1')).toEqual(['crm.sales.customer.created.v1']);
  });
});
