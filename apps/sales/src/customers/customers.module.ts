import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactEmailEntity, ContactPhoneEntity } from './contact-point.entity';
import { ContactEntity } from './contact.entity';
import { ContactRepository } from './contact.repository';
import { ContactResolver } from './contact.resolver';
import { ContactService } from './contact.service';
import { CustomerEntity } from './customer.entity';
import { CustomerRepository } from './customer.repository';
import { CustomerResolver } from './customer.resolver';
import { CustomerService } from './customer.service';

@Module({
  imports: [TypeOrmModule.forFeature([CustomerEntity, ContactEntity, ContactEmailEntity, ContactPhoneEntity])],
  providers: [CustomerRepository, ContactRepository, CustomerService, ContactService, CustomerResolver, ContactResolver],
})
export class CustomersModule {}

export const CUSTOMER_ENTITIES = [CustomerEntity, ContactEntity, ContactEmailEntity, ContactPhoneEntity];
export const CUSTOMER_RESOLVERS = [CustomerResolver, ContactResolver];
