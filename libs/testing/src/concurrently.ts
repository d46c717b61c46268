/**
 * Maps `items` through `work`, at most `limit` at a time, answers in the items' order: set-up
 * calls and read-only checks that do not depend on each other overlap their waits on the stack
 * instead of queueing behind one another, without flooding a two-core machine.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
