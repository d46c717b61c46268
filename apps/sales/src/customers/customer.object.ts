import { Connection } from '@crm/graphql';
import { Directive, Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
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

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class CustomerConnection extends Connection(Customer) {}

export function toCustomer(e: CustomerEntity): Customer {
  return {
    id: e.id,
    name: e.name,
    kind: e.kind as CustomerKindValue,
    domain: e.domain,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}
