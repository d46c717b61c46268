import { Module } from '@nestjs/common';
import { LeadImportController } from './lead-import.controller';
import { LeadImportJob } from './lead-import.job';
import { LeadImportRepository } from './lead-import.repository';
import { LeadImportService } from './lead-import.service';

/** Lead CSV imports over plain HTTP (reached through the gateway's authenticated routes). */
@Module({
  controllers: [LeadImportController],
  providers: [LeadImportRepository, LeadImportService, LeadImportJob],
})
export class ImportsModule {}
