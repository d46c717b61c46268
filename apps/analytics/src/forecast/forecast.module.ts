import { Module } from '@nestjs/common';
import { ForecastRepository } from './forecast.repository';
import { ForecastResolver } from './forecast.resolver';
import { ForecastService } from './forecast.service';

/** The sales forecast, computed at query time from the warehouse's stage transitions, snapshots and closed deals. */
@Module({ providers: [ForecastRepository, ForecastService, ForecastResolver] })
export class ForecastModule {}
