/** How long a scrape waits for a gauge's source before it answers from the last reading. */
export const SCRAPE_TIMEOUT_MS = 1000;
/** How old a last reading may be and still stand in for one that is slow: a few scrape intervals. */
export const SCRAPE_STALE_AFTER_MS = 60_000;

const TIMED_OUT = Symbol('timed out');

export interface ScrapeOptions {
  timeoutMs?: number;
  staleAfterMs?: number;
  now?: () => number;
}

/**
 * A gauge's source, read at scrape time: answers the value, or null when the source (database,
 * broker) fails, so a Kafka or Postgres outage leaves /metrics answering with the other series
 * intact, since that is when operators look at it.
 *
 * A source that is only slow (a loaded machine: a lag query of many groups took over the 1 s wait)
 * is not an outage. Its read keeps going after the scrape stops waiting, and the scrape answers the
 * last reading while that is younger than `staleAfterMs`, rather than dropping the series (which a
 * dashboard shows as a gap, and an alert on lag as no lag at all). Scrapes that come while a read
 * is running share it, so a slow source is never read twice at once, and gauges fed by one source
 * (the outbox's depth and age) cost one read per scrape.
 */
export function scrapeSource<T>(read: () => Promise<T>, options: ScrapeOptions = {}): () => Promise<T | null> {
  const { timeoutMs = SCRAPE_TIMEOUT_MS, staleAfterMs = SCRAPE_STALE_AFTER_MS, now = Date.now } = options;
  let running: Promise<T> | undefined;
  let last: { value: T; at: number } | undefined;
  return async () => {
    if (!running) {
      const reading = read().then((value) => {
        last = { value, at: now() };
        return value;
      });
      running = reading;
      // Settled either way, the next scrape reads again; a failure nobody waits for any more is not unhandled.
      reading.then(
        () => (running = undefined),
        () => (running = undefined),
      );
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs)));
    try {
      const value = await Promise.race([running, timeout]);
      if (value !== TIMED_OUT) return value;
      return last && now() - last.at <= staleAfterMs ? last.value : null;
    } catch {
      // The source failed: it is down, and an old reading would hide that.
      return null;
    } finally {
      clearTimeout(timer);
    }
  };
}
