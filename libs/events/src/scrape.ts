const SCRAPE_TIMEOUT_MS = 1000;

/**
 * For gauges read at scrape time: the value, or null when its source (database, broker) fails or
 * is slow. A Kafka or Postgres outage must leave /metrics answering, with the other series intact,
 * since that is when operators look at it.
 */
export async function scrape<T>(read: () => Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), SCRAPE_TIMEOUT_MS)));
  try {
    return await Promise.race([read(), timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
