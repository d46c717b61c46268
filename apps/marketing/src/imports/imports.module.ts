import { Module } from '@nestjs/common';
import { LeadImportController } from './lead-import.controller';
import { LeadImportJob } from './lead-import.job';
import { LeadImportRepository } from './lead-import.repository';
import { LeadImportResolver } from './lead-import.resolver';
import { LeadImportService } from './lead-import.service';

/** Lead CSV imports over plain HTTP (reached through the gateway's authenticated routes), their progress also in the graph. */
@Module({
  controllers: [LeadImportController],
  providers: [LeadImportRepository, LeadImportService, LeadImportJob, LeadImportResolver],
})
export class ImportsModule {}
