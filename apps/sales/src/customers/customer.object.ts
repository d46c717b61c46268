import { Connection, Money } from '@crm/graphql';
import { formatAmount } from '../opportunities/money-amount';
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { CustomerEntity } from './customer.entity';
import { CompanySize, LifecycleStage } from './customer.enums';

export enum CustomerKindValue {
  COMPANY = 'COMPANY',
  PERSON = 'PERSON',
}

registerEnumType(CustomerKindValue, { name: 'CustomerKind', description: 'A company or a person.' });

@ObjectType({ description: "A postal address; the country is the customer's `country`." })
export class Address {
  @Field(() => String, { nullable: true })
  street!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true })
  postalCode!: string | null;

  @Field(() => String, { nullable: true, description: 'State, province or county.' })
  region!: string | null;
}

@ObjectType({ description: 'A customer: the entity every subgraph extends with its own fields.' })
@Directive('@key(fields: "id")')
export class Customer {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => CustomerKindValue)
  kind!: CustomerKindValue;

  @Field(() => String, { nullable: true, description: 'Web domain, e.g. "acme.com", used to match leads and find duplicates.' })
  domain!: string | null;

  @Field(() => Int, { nullable: true, description: 'Account tier, 1 the top.' })
  tier!: number | null;

  @Field(() => ID, { nullable: true, description: 'The owning user.' })
  ownerId!: string | null;

  @Field(() => [String])
  tags!: string[];

  @Field(() => String, { nullable: true })
  industry!: string | null;

  @Field(() => CompanySize, { nullable: true })
  size!: CompanySize | null;

  @Field(() => String, { nullable: true })
  website!: string | null;

  @Field(() => LifecycleStage)
  lifecycleStage!: LifecycleStage;

  @Field(() => Money, { nullable: true })
  annualRevenue!: Money | null;

  @Field(() => Int, { nullable: true })
  employeeCount!: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' })
  country!: string | null;

  @Field(() => Address, { nullable: true })
  address!: Address | null;

  @Field(() => Int, { nullable: true })
  yearEstablished!: number | null;

  @Field(() => ID, { nullable: true, description: 'The parent account.' })
  parentId!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was soft-deleted; null while it is live.' })
  deletedAt!: Date | null;
}

export enum CustomerSearchField {
  NAME = 'NAME',
  DOMAIN = 'DOMAIN',
  CONTACT_EMAIL = 'CONTACT_EMAIL',
}

registerEnumType(CustomerSearchField, { name: 'CustomerSearchField', description: 'Where a search term was found.' });

@ObjectType({ description: 'A customer found by a search, with how well and where it matched.' })
export class CustomerSearchHit {
  @Field(() => Customer)
  customer!: Customer;

  @Field(() => Float, { description: 'Trigram similarity of the best-matching field, 0 to 1.' })
  score!: number;

  @Field(() => [CustomerSearchField])
  matchedOn!: CustomerSearchField[];
}

@ObjectType()
export class CustomerConnection extends Connection(Customer) {}

export function toCustomer(e: CustomerEntity): Customer {
  return {
    id: e.id,
    name: e.name,
    kind: e.kind as CustomerKindValue,
    domain: e.domain,
    tier: e.tier,
    ownerId: e.ownerId,
    tags: e.tags,
    industry: e.industry,
    size: e.size,
    website: e.website,
    lifecycleStage: e.lifecycleStage,
    annualRevenue:
      e.annualRevenue === null || e.annualRevenueCurrency === null
        ? null
        : { amount: formatAmount(e.annualRevenue, e.annualRevenueCurrency), currency: e.annualRevenueCurrency },
    employeeCount: e.employeeCount,
    country: e.country,
    address:
      e.street === null && e.city === null && e.postalCode === null && e.region === null
        ? null
        : { street: e.street, city: e.city, postalCode: e.postalCode, region: e.region },
    yearEstablished: e.yearEstablished,
    parentId: e.parentId,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    deletedAt: e.deletedAt,
  };
}
