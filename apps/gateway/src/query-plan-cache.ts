import type { QueryPlan, QueryPlanCache } from '@apollo/query-planner';

/**
 * The gateway's query plan cache: least recently used plans out first, bounded by a number of
 * operations (a plan for an operation like the customer 360 is a few kB). It counts hits and
 * misses, so /metrics shows that a repeated operation is planned once
 * (`gateway_query_plan_cache_total{result="hit"|"miss"}`).
 */
export class CountingQueryPlanCache implements QueryPlanCache {
  private readonly plans = new Map<string, QueryPlan>();

  constructor(
    private readonly maxOperations: number,
    private readonly count: (result: 'hit' | 'miss') => void,
  ) {}

  async get(key: string): Promise<QueryPlan | undefined> {
    const plan = this.plans.get(key);
    this.count(plan ? 'hit' : 'miss');
    if (plan) {
      // Most recently used last: Map keeps insertion order.
      this.plans.delete(key);
      this.plans.set(key, plan);
    }
    return plan;
  }

  async set(key: string, plan: QueryPlan): Promise<void> {
    this.plans.delete(key);
    this.plans.set(key, plan);
    if (this.plans.size > this.maxOperations) this.plans.delete(this.plans.keys().next().value!);
  }

  async delete(key: string): Promise<boolean> {
    return this.plans.delete(key);
  }

  clear(): void {
    this.plans.clear();
  }
}
