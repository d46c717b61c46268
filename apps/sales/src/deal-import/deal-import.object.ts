import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ImportOutcome {
  CREATED = 'CREATED',
  UNCHANGED = 'UNCHANGED',
}

registerEnumType(ImportOutcome, {
  name: 'ImportOutcome',
  description: 'CREATED by this call, or UNCHANGED: a deal of that externalId was imported before and was left as it is.',
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
}
