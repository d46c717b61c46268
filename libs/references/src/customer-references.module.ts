import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerOwnerClient } from './customer-owner.client';
import { CustomerReferences } from './customer-references';
import { KnownCustomerConsumer } from './known-customer.consumer';
import { KnownCustomerEntity } from './known-customer.entity';
import { KnownCustomerRepository } from './known-customer.repository';
import { REFERENCES_OPTIONS, type ReferencesOptions } from './references.options';

/**
 * Import once per service whose writes name customers (its config spreads
 * customerReferencesEnvShape; its subgraph consumes KNOWN_CUSTOMER_TOPICS; its data source lists
 * REFERENCE_ENTITIES; a migration extends KnownCustomersMigration).
 */
@Module({})
export class CustomerReferencesModule {
  static forRoot(options: ReferencesOptions): DynamicModule {
    return {
      module: CustomerReferencesModule,
      imports: [TypeOrmModule.forFeature([KnownCustomerEntity])],
      providers: [
        { provide: REFERENCES_OPTIONS, useValue: options },
        KnownCustomerRepository,
        CustomerOwnerClient,
        CustomerReferences,
        KnownCustomerConsumer,
      ],
      exports: [CustomerReferences],
    };
  }
}
