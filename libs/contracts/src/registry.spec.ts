import * as contracts from './index';
import { AllEvents, type EventContract } from './index';

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
});
