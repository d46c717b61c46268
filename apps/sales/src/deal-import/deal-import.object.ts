import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ImportOutcome {
  CREATED = 'CREATED',
  UNCHANGED = 'UNCHANGED',
}

registerEnumType(ImportOutcome, {
  name: 'ImportOutcome',
  description: 'CREATED by this call, or UNCHANGED: a record of that externalId was imported before and was left as it is.',
});

@ObjectType()
export class ImportedDeal {
  @Field(() => Int, { description: 'Its position in the input.' })
  index!: number;

  @Field()
  externalId!: string;

  @Field(() => ID)
  opportunityId!: string;

  @Field(() => ImportOutcome)
  outcome!: ImportOutcome;
}

@ObjectType({ description: 'An account of `accounts` and the customer it is here.' })
export class ImportedAccount {
  @Field(() => Int, { description: 'Its position in the input.' })
  index!: number;

  @Field()
  externalId!: string;

  @Field(() => ID, { description: 'The customer: give it fields or a parent with updateCustomer.' })
  customerId!: string;

  @Field(() => ImportOutcome)
  outcome!: ImportOutcome;
}

@ObjectType({ description: 'What one importDeals call did, deal by deal, in input order.' })
export class ImportDealsResult {
  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int, { description: 'Accounts created from `accounts` (the others existed).' })
  accountsCreated!: number;

  @Field(() => [ImportedDeal])
  deals!: ImportedDeal[];

  @Field(() => [ImportedAccount], { description: '`accounts`, in input order, each with its customer id.' })
  accounts!: ImportedAccount[];
}
