import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountHierarchyRepository } from './account-hierarchy.repository';
import { AccountHierarchyResolver } from './account-hierarchy.resolver';
import { AccountHierarchyService } from './account-hierarchy.service';
import { ContactEmailEntity, ContactPhoneEntity } from './contact-point.entity';
import { ContactEntity } from './contact.entity';
import { ContactRepository } from './contact.repository';
import { ContactResolver } from './contact.resolver';
import { ContactService } from './contact.service';
import { CustomerMergeEntity } from './customer-merge.entity';
import { CustomerMergeRepository } from './customer-merge.repository';
import { CustomerEntity } from './customer.entity';
import { CustomerRepository } from './customer.repository';
import { CustomerResolver } from './customer.resolver';
import { CustomerService } from './customer.service';
import { UnassignedAccountService } from './unassigned-account.service';
import { OwnerFieldResolver } from '../users/owner-field.resolver';
import { UsersModule } from '../users/users.module';
import { Customer } from './customer.object';

const CustomerOwnerResolver = OwnerFieldResolver(Customer);

@Module({
  imports: [
    TypeOrmModule.forFeature([CustomerEntity, ContactEntity, ContactEmailEntity, ContactPhoneEntity, CustomerMergeEntity]),
    UsersModule,
  ],
  providers: [
    CustomerRepository,
    ContactRepository,
    CustomerMergeRepository,
    CustomerService,
    ContactService,
    AccountHierarchyRepository,
    AccountHierarchyService,
    UnassignedAccountService,
    CustomerResolver,
    AccountHierarchyResolver,
    ContactResolver,
    CustomerOwnerResolver,
  ],
  // For customer merges, the consumers that materialise customers and contacts minted elsewhere (lead conversion), and exports.
  exports: [CustomerRepository, ContactRepository, CustomerMergeRepository, UnassignedAccountService, CustomerService],
})
export class CustomersModule {}

export const CUSTOMER_ENTITIES = [CustomerEntity, ContactEntity, ContactEmailEntity, ContactPhoneEntity, CustomerMergeEntity];
