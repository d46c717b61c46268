import { KnownContactEntity } from './known-contact.entity';
import { KnownCustomerEntity } from './known-customer.entity';
import { KnownProductEntity } from './known-product.entity';

export { CallerCredential } from './caller-credential';
export { ContactReferences } from './contact-references';
export { ContactReferencesModule } from './contact-references.module';
export { CustomerOwnerClient, CustomerOwnerUnavailableError } from './customer-owner.client';
export { CustomerReferences } from './customer-references';
export { CustomerReferencesModule } from './customer-references.module';
export { KNOWN_CUSTOMER_TOPICS, knownCustomerGroupId } from './known-customer.consumer';
export { KNOWN_CONTACT_TOPICS, knownContactGroupId } from './known-contact.consumer';
export { KnownContactsMigration } from './known-contact.migration';
export { KnownCustomerEntity, KnownCustomerState } from './known-customer.entity';
export { KnownCustomersMigration } from './known-customer.migration';
export { KnownProductEntity } from './known-product.entity';
export { KnownProductsMigration } from './known-product.migration';
export { ProductReferences } from './product-references';
export { ProductReferencesModule } from './product-references.module';
export { customerReferencesEnvShape, type CustomerReferencesConfig, type ReferencesOptions } from './references.options';

/** The data source of a service using CustomerReferencesModule lists these beside its own entities. */
export const REFERENCE_ENTITIES = [KnownCustomerEntity];

/** The data source of a service using ProductReferencesModule lists these beside its own entities. */
export const PRODUCT_REFERENCE_ENTITIES = [KnownProductEntity];

/** The data source of a service using ContactReferencesModule lists these beside its own entities. */
export const CONTACT_REFERENCE_ENTITIES = [KnownContactEntity];
