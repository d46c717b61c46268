import { IsCalendarDate, MoneyInput, UuidInput, TrimmedString } from '@crm/graphql';
import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, ValidateNested } from 'class-validator';

export enum ConvertedCustomerKind {
  COMPANY = 'COMPANY',
  PERSON = 'PERSON',
}
registerEnumType(ConvertedCustomerKind, {
  name: 'ConvertedCustomerKind',
  description: 'Whether the new customer is a company or a person.',
});

@InputType({ description: 'The opportunity a conversion opens for the new customer.' })
export class ConvertLeadOpportunityInput {
  @Field()
  @TrimmedString({ min: 1, max: 200, label: 'opportunity.name' })
  name!: string;

  @Field(() => MoneyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  amount?: MoneyInput | null;

  @Field(() => String, { nullable: true, description: 'A calendar date, YYYY-MM-DD.' })
  @IsOptional()
  // Sales stores it in a date column through its Date scalar's rule: 0000-01-01 would fail there, after this answer.
  @IsCalendarDate({ message: 'closeDate must be a calendar date, YYYY-MM-DD, from 1900 to 9999' })
  closeDate?: string | null;
}

@InputType({
  description:
    'Converts a lead into a customer with its contact and, optionally, an opportunity. The ids are minted here and answered at once; sales creates the records from the lead.converted event.',
})
export class ConvertLeadInput {
  @Field(() => ID)
  @UuidInput()
  leadId!: string;

  @Field(() => String, { nullable: true, description: "The new customer's name; defaults to the lead's company, else its name." })
  @TrimmedString({ min: 1, max: 200, optional: true })
  customerName?: string | null;

  @Field(() => ConvertedCustomerKind, { nullable: true, description: 'Defaults to COMPANY when the lead names a company, else PERSON.' })
  @IsOptional()
  @IsEnum(ConvertedCustomerKind)
  customerKind?: ConvertedCustomerKind | null;

  @Field(() => ID, { nullable: true, description: 'The sales owner of the new customer and opportunity; defaults to the converting user.' })
  @UuidInput({ optional: true })
  ownerId?: string | null;

  @Field(() => ConvertLeadOpportunityInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConvertLeadOpportunityInput)
  opportunity?: ConvertLeadOpportunityInput | null;
}
