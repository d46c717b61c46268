import type { QueryPlan } from '@apollo/query-planner';
import { CountingQueryPlanCache } from './query-plan-cache';

const plan = (n: number): QueryPlan => ({ kind: 'QueryPlan', node: undefined, id: String(n) }) as unknown as QueryPlan;

describe('CountingQueryPlanCache', () => {
  it('answers a stored plan and counts hits and misses', async () => {
    const counts: string[] = [];
    const cache = new CountingQueryPlanCache(10, (r) => counts.push(r));
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('a', plan(1));
    expect(await cache.get('a')).toEqual(plan(1));
    expect(await cache.get('a')).toEqual(plan(1));
    expect(counts).toEqual(['miss', 'hit', 'hit']);
  });

  it('drops the least recently used plan beyond its bound', async () => {
    const cache = new CountingQueryPlanCache(2, () => undefined);
    await cache.set('a', plan(1));
    await cache.set('b', plan(2));
    await cache.get('a'); // a is now more recent than b
    await cache.set('c', plan(3));
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toEqual(plan(1));
    expect(await cache.get('c')).toEqual(plan(3));
  });

  it('forgets a deleted plan and everything on clear', async () => {
    const cache = new CountingQueryPlanCache(5, () => undefined);
    await cache.set('a', plan(1));
    await cache.set('b', plan(2));
    expect(await cache.delete('a')).toBe(true);
    expect(await cache.get('a')).toBeUndefined();
    cache.clear();
    expect(await cache.get('b')).toBeUndefined();
  });
});
