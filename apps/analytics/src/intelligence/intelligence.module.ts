import { Module } from '@nestjs/common';
import { IntelligenceRepository } from './intelligence.repository';
import { CustomerIntelligenceResolver, IntelligenceResolver } from './intelligence.resolver';
import { IntelligenceService } from './intelligence.service';

@Module({ providers: [IntelligenceRepository, IntelligenceService, CustomerIntelligenceResolver, IntelligenceResolver] })
export class IntelligenceModule {}
