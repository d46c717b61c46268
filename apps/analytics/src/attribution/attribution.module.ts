import { Module } from '@nestjs/common';
import { CampaignPerformanceRepository } from './campaign-performance.repository';
import { CampaignPerformanceResolver } from './campaign-performance.resolver';
import { CampaignPerformanceService } from './campaign-performance.service';

/** Campaign performance and attribution, computed at query time from the warehouse's marketing and opportunity facts. */
@Module({ providers: [CampaignPerformanceRepository, CampaignPerformanceService, CampaignPerformanceResolver] })
export class AttributionModule {}
