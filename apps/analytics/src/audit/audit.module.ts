import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditConsumer } from './audit.consumer';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** The audit trail as a read model, kept from events. The replay builds it with this module alone. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity])],
  providers: [AuditRepository, AuditService, AuditConsumer],
  exports: [AuditService],
})
export class AuditReadModelModule {}

@Module({
  imports: [AuditReadModelModule],
  providers: [AuditResolver],
})
export class AuditModule {}

export const AUDIT_ENTITIES = [AuditEntryEntity];
