import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { ContactExportRepository } from './contact-export.repository';
import { CustomerExportController } from './customer-export.controller';
import { CustomerExportService } from './customer-export.service';

/** CSV exports of sales' lists, over plain HTTP (reached through the gateway's authenticated routes). */
@Module({
  imports: [CustomersModule],
  controllers: [CustomerExportController],
  providers: [CustomerExportService, ContactExportRepository],
})
export class ExportsModule {}
