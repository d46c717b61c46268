import { Field, ID, ObjectType } from '@nestjs/graphql';
import { CustomerRef } from '@crm/graphql';
import { Lead } from './lead.object';

@ObjectType({ description: 'What a conversion minted. Sales materialises the records from the event within moments.' })
export class LeadConversion {
  @Field(() => Lead)
  lead!: Lead;

  @Field(() => ID)
  customerId!: string;

  @Field(() => ID)
  contactId!: string;

  @Field(() => ID, { nullable: true })
  opportunityId!: string | null;

  @Field(() => CustomerRef, {
    nullable: true,
    description: 'The customer, resolved by sales; null until sales has applied the conversion.',
  })
  customer!: CustomerRef | null;
}
