import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactReferences } from './contact-references';
import { CustomerOwnerClient } from './customer-owner.client';
import { KnownContactConsumer } from './known-contact.consumer';
import { KnownContactEntity } from './known-contact.entity';
import { KnownContactRepository } from './known-contact.repository';
import { REFERENCES_OPTIONS, type ReferencesOptions } from './references.options';

/**
 * Import in a service whose writes name a customer's contacts (its subgraph consumes
 * KNOWN_CONTACT_TOPICS; its data source lists CONTACT_REFERENCE_ENTITIES; a migration extends
 * KnownContactsMigration).
 */
@Module({})
export class ContactReferencesModule {
  static forRoot(options: ReferencesOptions): DynamicModule {
    return {
      module: ContactReferencesModule,
      imports: [TypeOrmModule.forFeature([KnownContactEntity])],
      providers: [
        { provide: REFERENCES_OPTIONS, useValue: options },
        KnownContactRepository,
        CustomerOwnerClient,
        ContactReferences,
        KnownContactConsumer,
      ],
      exports: [ContactReferences],
    };
  }
}
