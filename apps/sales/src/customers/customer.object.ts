import { Connection } from '@crm/graphql';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { CustomerEntity } from './customer.entity';

export enum CustomerKindValue {
  COMPANY = 'COMPANY',
  PERSON = 'PERSON',
}

registerEnumType(CustomerKindValue, { name: 'CustomerKind', description: 'A company or a person.' });

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

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was soft-deleted; null while it is live.' })
  deletedAt!: Date | null;
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
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    deletedAt: e.deletedAt,
  };
}
