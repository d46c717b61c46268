import { Module } from '@nestjs/common';
import { SalesBreakdownRepository } from './sales-breakdown.repository';
import { SalesBreakdownService } from './sales-breakdown.service';
import { SalesDashboardRepository } from './sales-dashboard.repository';
import { SalesDashboardResolver } from './sales-dashboard.resolver';
import { SalesDashboardService } from './sales-dashboard.service';

@Module({
  providers: [SalesDashboardRepository, SalesDashboardService, SalesBreakdownRepository, SalesBreakdownService, SalesDashboardResolver],
})
export class DashboardModule {}
