import { Field, ID, InputType } from '@nestjs/graphql';
import { LocalDate } from '../opportunities/local-date.scalar';
import { OpportunityLineInput } from '../opportunities/opportunity.input';

/** Deals per call: a batch a client can retry whole, answered well inside the gateway's timeout. */
export const IMPORT_DEALS_MAX = 500;
export const STAGES_PER_DEAL = 50;
export const LINES_PER_DEAL = 100;

// These are GraphQL types only: parseDeals and parseAccounts (deal-import.schema.ts) check the records,
// as class-validator and class-transformer on 500 nested deals cost most of a batch's time.

@InputType({ description: 'An account of the history, by its id in the CRM it comes from; created when that id is new here.' })
export class ImportAccountInput {
  @Field()
  externalId!: string;

  @Field()
  name!: string;

  @Field(() => Date, {
    nullable: true,
    description:
      "When it was created where it comes from; not in the future. When omitted, when the earliest of this batch's deals naming it was created (now if none does), so the account is never younger than its history.",
  })
  createdAt?: Date | null;
}

@InputType({ description: 'A move of an imported deal: the stage it went to, and when.' })
export class ImportStageInput {
  @Field(() => ID, { description: "A stage of the deal's pipeline; a WON or LOST stage closes it and must be the last." })
  stageId!: string;

  @Field(() => Date, { description: 'Not before the previous step, not in the future.' })
  at!: Date;
}

@InputType({ description: "One deal of a company's history, with its stage history and products." })
export class ImportDealInput {
  @Field({ description: 'Its id where it comes from: a deal imported again is left as it is, and reported UNCHANGED.' })
  externalId!: string;

  @Field()
  name!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The externalId of its account (this batch\'s accounts, or an earlier one\'s); omitted for a deal without an account ("Unassigned").',
  })
  accountExternalId?: string | null;

  @Field(() => ID, { nullable: true, description: "The owner's user id (their token's sub); they need not have signed in yet." })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Its pipeline; the default one when omitted.' })
  pipelineId?: string | null;

  @Field({ description: 'ISO 4217, e.g. "EUR".' })
  currency!: string;

  @Field(() => String, { nullable: true, description: 'Decimal string; the sum of the lines when omitted (then lines are required).' })
  amount?: string | null;

  @Field(() => LocalDate, { description: 'The day it closed or is expected to close.' })
  closeDate!: string;

  @Field(() => Date, { description: 'When it was created; not in the future.' })
  createdAt!: Date;

  @Field(() => [ImportStageInput], {
    nullable: true,
    description: `Its moves after creation, oldest first (at most ${STAGES_PER_DEAL}); it is created in its pipeline's first open stage.`,
  })
  stages?: ImportStageInput[];

  @Field(() => String, { nullable: true, description: 'Why it was won or lost.' })
  closeReason?: string | null;

  @Field(() => [OpportunityLineInput], {
    nullable: true,
    description: `Its products (at most ${LINES_PER_DEAL}), each with its unit price.`,
  })
  lines?: OpportunityLineInput[];
}

@InputType()
export class ImportDealsInput {
  @Field(() => [ImportAccountInput], { nullable: true, description: `Accounts the deals name, at most ${IMPORT_DEALS_MAX}.` })
  accounts?: ImportAccountInput[] | null;

  @Field(() => [ImportDealInput], { description: `1 to ${IMPORT_DEALS_MAX} deals.` })
  deals!: ImportDealInput[];
}

/** What the resolver receives: the input as GraphQL coerced it, records unchecked until parseDeals and parseAccounts. */
export interface ImportDealsRecords {
  accounts?: unknown[] | null;
  deals: unknown[];
}
