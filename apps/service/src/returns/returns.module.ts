import { ProductReferencesModule } from '@crm/references';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { ReturnItemEntity } from './return-item.entity';
import { ReturnEntity } from './return.entity';
import { ReturnRepository } from './return.repository';
import { ReturnResolver } from './return.resolver';
import { ReturnService } from './return.service';

@Module({
  imports: [TypeOrmModule.forFeature([ReturnEntity, ReturnItemEntity]), CasesModule, ProductReferencesModule],
  providers: [ReturnRepository, ReturnService, ReturnResolver],
})
export class ReturnsModule {}

export const RETURN_ENTITIES = [ReturnEntity, ReturnItemEntity];
