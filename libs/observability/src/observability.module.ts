import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { HealthController } from './health.controller';
import { Metrics } from './metrics';
import { ReadinessRegistry } from './readiness';

export const LOGGER = Symbol('LOGGER');

@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [HealthController],
      providers: [Metrics, ReadinessRegistry, { provide: LOGGER, useValue: logger }],
      exports: [Metrics, ReadinessRegistry, LOGGER],
    };
  }
}
