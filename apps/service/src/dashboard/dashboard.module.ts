import { Module } from '@nestjs/common';
import { ServiceDashboardRepository } from './service-dashboard.repository';
import { ServiceDashboardResolver } from './service-dashboard.resolver';
import { ServiceDashboardService } from './service-dashboard.service';

@Module({ providers: [ServiceDashboardRepository, ServiceDashboardService, ServiceDashboardResolver] })
export class DashboardModule {}
