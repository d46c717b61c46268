import { LOGGER, type Logger } from '@crm/observability';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ScheduledJob } from './interval-job';
import { SUBGRAPH_CONFIG } from './subgraph';

interface Config {
  JOB_ENABLED: boolean;
  JOB_INTERVAL_MS: number;
  JOB_WINDOW: number;
}

@Injectable()
class Counter {
  readonly seen: { now: Date; window: number }[] = [];
  async count(now: Date, window: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.seen.push({ now, window });
    return this.seen.length;
  }
}

const reports: { result: number; ms: number }[] = [];

class CounterJob extends ScheduledJob(Counter, {
  name: 'counter job',
  schedule: (config: Config) => ({ enabled: config.JOB_ENABLED, intervalMs: config.JOB_INTERVAL_MS }),
  run: (counter, now, config) => counter.count(now, config.JOB_WINDOW),
  report: (result, _logger, ms) => void reports.push({ result, ms }),
}) {}

const logger = { info: jest.fn(), error: jest.fn(), warn: jest.fn(), debug: jest.fn() } as unknown as Logger;

async function start(config: Config) {
  const module = await Test.createTestingModule({
    providers: [Counter, CounterJob, { provide: SUBGRAPH_CONFIG, useValue: config }, { provide: LOGGER, useValue: logger }],
  }).compile();
  const app = module.createNestApplication({ logger: false });
  await app.init();
  return { app, job: app.get(CounterJob), counter: app.get(Counter) };
}

describe('ScheduledJob', () => {
  beforeEach(() => (reports.length = 0));

  it('injects the service and the config, and runs once at the time a caller gives', async () => {
    const { app, job, counter } = await start({ JOB_ENABLED: false, JOB_INTERVAL_MS: 10, JOB_WINDOW: 7 });
    try {
      const now = new Date('2026-01-02T03:04:05Z');
      const [a, b] = await Promise.all([job.runOnce(now), job.runOnce(now)]);
      expect([a, b]).toEqual([1, 1]); // a run in progress is awaited, not doubled
      expect(counter.seen).toEqual([{ now, window: 7 }]);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(counter.seen).toHaveLength(1); // disabled: no timer
      expect(reports).toEqual([]); // runOnce returns its result; the timer's runs report
    } finally {
      await app.close();
    }
  });

  it('runs on its interval when enabled, reports each run with its duration, and stops at shutdown', async () => {
    const { app, counter } = await start({ JOB_ENABLED: true, JOB_INTERVAL_MS: 30, JOB_WINDOW: 1 });
    while (reports.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await app.close();
    const runs = counter.seen.length;
    expect(reports.slice(0, 2).map((r) => r.result)).toEqual([1, 2]);
    expect(reports[0]!.ms).toBeGreaterThanOrEqual(15);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(counter.seen).toHaveLength(runs);
  });
});
