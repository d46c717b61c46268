import { Module } from '@nestjs/common';
import { ContactImportService } from './contact-import.service';
import { ContactImportController, CustomerImportController } from './csv-import.controllers';
import { SalesImportJob } from './csv-import.job';
import { ImportRecordsRepository } from './import-records.repository';
import { CustomerImportService } from './customer-import.service';

/** Customer and contact CSV imports over plain HTTP (reached through the gateway's authenticated routes). */
@Module({
  controllers: [CustomerImportController, ContactImportController],
  providers: [ImportRecordsRepository, CustomerImportService, ContactImportService, SalesImportJob],
})
export class ImportsModule {}
