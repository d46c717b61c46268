import { randomUUID } from 'node:crypto';
import { DatabaseModule, runMigrations } from '@crm/database';
import { EventConsumerRunner, EventsModule } from '@crm/events';
import { ObservabilityModule, type Logger } from '@crm/observability';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { dataSourceOptions } from '../database/data-source';
import { ANALYTICS_TOPICS } from '../analytics.subgraph';
import { AuditReadModelModule } from '../audit/audit.module';
import { ChurnRiskReadModelModule } from '../churn-risk/churn-risk-read-model.module';
import { analyticsConfigSchema, type AnalyticsConfig } from '../config/analytics.config';
import { NotificationsReadModelModule } from '../notifications/notifications.module';
import { SearchReadModelModule } from '../search/search.module';
import { SegmentsReadModelModule } from '../segments/segments-read-model.module';
import { TimelineModule } from '../timeline/timeline.module';
import { WarehouseModule } from '../warehouse/warehouse.module';
import { readModelChecksum } from './read-model-checksum';

const POLL_MS = 200;

type ChurnSettings = Pick<AnalyticsConfig, 'CHURN_RISK_THRESHOLD' | 'CHURN_RENEWAL_PIPELINE_IDS'>;
const CHURN_DEFAULTS: ChurnSettings = analyticsConfigSchema
  .pick({ CHURN_RISK_THRESHOLD: true, CHURN_RENEWAL_PIPELINE_IDS: true })
  .parse({});

async function isEmpty(databaseUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT (SELECT count(*) FROM inbox) + (SELECT count(*) FROM timeline_entry) AS n');
    return Number(rows[0]!.n) === 0;
  } finally {
    await client.end();
  }
}

/**
 * Rebuilds analytics' read models into a fresh database by reading every topic from the beginning
 * under a consumer group of its own, with the live service's own consumer code; stops once it has
 * caught up with the end of every topic. Returns the read models' checksum.
 */
export async function replayAnalytics(opts: {
  databaseUrl: string;
  brokers: string[];
  logger: Logger;
  /** The live service's churn settings (which pipelines are renewals); their defaults when not given. */
  churn?: ChurnSettings;
}): Promise<string> {
  const started = performance.now();
  const since = () => Math.round(performance.now() - started) / 1000;
  await runMigrations(dataSourceOptions(opts.databaseUrl));
  if (!(await isEmpty(opts.databaseUrl))) throw new Error('replay needs a fresh database: this one already holds applied events');
  // Where a long replay's time goes, for whoever waits on it: the migrations, the events, the checksum.
  opts.logger.info({ seconds: since() }, 'replay: database migrated');

  // The read models' settings, where their consumers look for them in the live service.
  @Global()
  @Module({ providers: [{ provide: SUBGRAPH_CONFIG, useValue: opts.churn ?? CHURN_DEFAULTS }], exports: [SUBGRAPH_CONFIG] })
  class ReplayConfigModule {}

  @Module({
    imports: [
      ReplayConfigModule,
      ObservabilityModule.forRoot(opts.logger),
      DatabaseModule.forRoot(dataSourceOptions(opts.databaseUrl)),
      EventsModule.forRoot({
        brokers: opts.brokers,
        clientId: 'analytics-replay',
        produces: [],
        consumes: ANALYTICS_TOPICS,
        pollMs: 1000,
        relay: false,
        groupIdSuffix: `-replay-${randomUUID()}`,
      }),
      TimelineModule,
      WarehouseModule,
      ChurnRiskReadModelModule,
      SegmentsReadModelModule,
      SearchReadModelModule,
      NotificationsReadModelModule,
      AuditReadModelModule,
    ],
  })
  class ReplayModule {}

  const app = await NestFactory.createApplicationContext(ReplayModule, { logger: false });
  try {
    const runner = app.get(EventConsumerRunner);
    for (;;) {
      const lag = await runner.lag();
      if (lag === 0) break;
      opts.logger.debug({ lag }, 'replaying');
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    opts.logger.info({ seconds: since() }, 'replay: caught up with every topic');
  } finally {
    await app.close();
  }
  const checksum = await readModelChecksum(opts.databaseUrl);
  opts.logger.info({ seconds: since() }, 'replay: checksum computed');
  return checksum;
}
