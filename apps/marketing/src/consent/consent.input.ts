import { ConnectionArgs, UuidInput, TrimmedString } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { EMAIL_MAX, PersonInput } from '../people/person.input';
import { ConsentChannel, ConsentSource, ConsentStatus, LawfulBasis } from './consent.enums';
import { lower as lowercased } from '@crm/graphql';

export const TEXT_SHOWN_MAX = 4000;

@InputType({ description: 'A grant or a withdrawal of consent, as the person gave it.' })
export class RecordConsentInput {
  @Field(() => PersonInput)
  @ValidateNested()
  @Type(() => PersonInput)
  person!: PersonInput;

  @Field(() => ConsentChannel)
  @IsEnum(ConsentChannel)
  channel!: ConsentChannel;

  @Field(() => ConsentStatus)
  @IsEnum(ConsentStatus)
  status!: ConsentStatus;

  @Field(() => ConsentSource)
  @IsEnum(ConsentSource)
  source!: ConsentSource;

  @Field(() => LawfulBasis)
  @IsEnum(LawfulBasis)
  lawfulBasis!: LawfulBasis;

  @Field(() => String, { nullable: true, description: 'The text the person was shown; required for a grant.' })
  @TrimmedString({ min: 1, max: TEXT_SHOWN_MAX, optional: true })
  textShown?: string | null;
}

@InputType({ description: 'Whose consent history to read: an address, a lead or contact, or both; neither is every record.' })
export class ConsentHistoryFilter {
  @Field(() => String, { nullable: true, description: 'Every record about this address.' })
  @IsOptional()
  @Transform(lowercased)
  @IsString()
  @MaxLength(EMAIL_MAX, { message: `email must be at most ${EMAIL_MAX} characters` })
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string;

  @Field(() => ID, { nullable: true, description: 'Every record about this lead or contact.' })
  @UuidInput({ optional: true })
  personId?: string;
}

@ArgsType()
export class ConsentHistoryArgs extends ConnectionArgs {
  @Field(() => ConsentHistoryFilter)
  @ValidateNested()
  @Type(() => ConsentHistoryFilter)
  filter!: ConsentHistoryFilter;
}

@ArgsType()
export class ConsentArgs {
  @Field({ description: 'The address whose consent to read.' })
  @Transform(lowercased)
  @IsString()
  @MaxLength(EMAIL_MAX, { message: `email must be at most ${EMAIL_MAX} characters` })
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;
}
