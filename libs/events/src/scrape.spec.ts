import { scrapeSource } from './scrape';

/** A source whose reads the test settles by hand, counting them. */
function source() {
  const reads: { resolve: (n: number) => void; reject: (e: Error) => void }[] = [];
  const read = () => new Promise<number>((resolve, reject) => reads.push({ resolve, reject }));
  return { read, reads };
}

describe('scrapeSource: a gauge source read at scrape time', () => {
  let clock = 0;
  const now = () => clock;
  const options = { timeoutMs: 20, staleAfterMs: 1000, now };

  beforeEach(() => (clock = 0));

  it('answers the reading, and the last one while a later read is slow, until it is too old', async () => {
    const s = source();
    const scrape = scrapeSource(s.read, options);
    const first = scrape();
    s.reads[0]!.resolve(7);
    expect(await first).toBe(7);

    // Slow (a loaded machine): the scrape stops waiting and answers the last reading.
    clock = 500;
    expect(await scrape()).toBe(7);
    // Past staleAfterMs the old reading no longer stands in: no value rather than a stale one.
    clock = 1001;
    expect(await scrape()).toBeNull();
    // The slow read finishes: it is the reading from then on.
    s.reads[1]!.resolve(9);
    await new Promise((r) => setImmediate(r));
    const next = scrape();
    s.reads[2]!.resolve(11);
    expect(await next).toBe(11);
    clock = 1500;
    expect(await scrape()).toBe(11);
  });

  it('shares a running read between scrapes, so a slow source is never read twice at once', async () => {
    const s = source();
    const scrape = scrapeSource(s.read, options);
    const both = Promise.all([scrape(), scrape()]);
    expect(s.reads).toHaveLength(1);
    s.reads[0]!.resolve(3);
    expect(await both).toEqual([3, 3]);
    // Settled: the next scrape reads again.
    const again = scrape();
    expect(s.reads).toHaveLength(2);
    s.reads[1]!.resolve(4);
    expect(await again).toBe(4);
  });

  it('answers null when the source fails (an outage), however fresh the last reading', async () => {
    const s = source();
    const scrape = scrapeSource(s.read, options);
    const first = scrape();
    s.reads[0]!.resolve(5);
    expect(await first).toBe(5);
    const failed = scrape();
    s.reads[1]!.reject(new Error('connection refused'));
    expect(await failed).toBeNull();
    // A slow read that fails after the scrape stopped waiting is not an unhandled rejection, and is read again next time.
    const slow = scrape();
    expect(await slow).toBe(5);
    s.reads[2]!.reject(new Error('timeout'));
    await new Promise((r) => setImmediate(r));
    const after = scrape();
    expect(s.reads).toHaveLength(4);
    s.reads[3]!.resolve(6);
    expect(await after).toBe(6);
  });
});
