import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { DealImportRepository } from './deal-import.repository';
import { DealImportResolver } from './deal-import.resolver';
import { DealImportService } from './deal-import.service';

@Module({
  imports: [CustomersModule],
  providers: [DealImportRepository, DealImportService, DealImportResolver],
})
export class DealImportModule {}
