import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerAliasEntity } from './customer-alias.entity';
import { CustomerAliasRepository } from './customer-alias.repository';
import { CustomerMergeConsumer } from './customer-merge.consumer';
import { CustomerMergeRepository } from './customer-merge.repository';
import { CustomerMergeService } from './customer-merge.service';

export const CUSTOMER_MERGE_ENTITIES = [CustomerAliasEntity];

/**
 * Sales' customer merges as partners follows them: the alias of each merged-away customer, and the
 * consumer that moves partners' rows to the survivor. Depends on no other module of partners (they
 * import this one for CustomerAliasRepository), as its SQL touches their tables by name only.
 */
@Module({
  imports: [TypeOrmModule.forFeature(CUSTOMER_MERGE_ENTITIES)],
  providers: [CustomerAliasRepository, CustomerMergeRepository, CustomerMergeService, CustomerMergeConsumer],
  exports: [CustomerAliasRepository],
})
export class CustomerMergesModule {}
