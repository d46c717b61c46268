import { Module } from '@nestjs/common';
import { SalesDashboardRepository } from './sales-dashboard.repository';
import { SalesDashboardResolver } from './sales-dashboard.resolver';
import { SalesDashboardService } from './sales-dashboard.service';

@Module({ providers: [SalesDashboardRepository, SalesDashboardService, SalesDashboardResolver] })
export class DashboardModule {}

export const DASHBOARD_RESOLVERS = [SalesDashboardResolver];
