import { IsCalendarDate, MoneyInput } from '@crm/graphql';
import { lower, trim } from '../common/input-transforms';
import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';

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
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'opportunity.name must be 1 to 200 characters' })
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
  @Transform(lower)
  @IsUUID('all', { message: 'leadId must be a UUID' })
  leadId!: string;

  @Field(() => String, { nullable: true, description: "The new customer's name; defaults to the lead's company, else its name." })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'customerName must be 1 to 200 characters' })
  customerName?: string | null;

  @Field(() => ConvertedCustomerKind, { nullable: true, description: 'Defaults to COMPANY when the lead names a company, else PERSON.' })
  @IsOptional()
  @IsEnum(ConvertedCustomerKind)
  customerKind?: ConvertedCustomerKind | null;

  @Field(() => ID, { nullable: true, description: 'The sales owner of the new customer and opportunity; defaults to the converting user.' })
  @IsOptional()
  @Transform(lower)
  @IsUUID('all', { message: 'ownerId must be a UUID' })
  ownerId?: string | null;

  @Field(() => ConvertLeadOpportunityInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConvertLeadOpportunityInput)
  opportunity?: ConvertLeadOpportunityInput | null;
}
