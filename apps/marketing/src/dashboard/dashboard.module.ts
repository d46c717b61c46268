import { Module } from '@nestjs/common';
import { MarketingDashboardRepository } from './marketing-dashboard.repository';
import { MarketingDashboardResolver } from './marketing-dashboard.resolver';
import { MarketingDashboardService } from './marketing-dashboard.service';

@Module({ providers: [MarketingDashboardRepository, MarketingDashboardService, MarketingDashboardResolver] })
export class DashboardModule {}
