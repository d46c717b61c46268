import { ConnectionArgs, IsCalendarDate, lower, MoneyInput, UuidInput, TrimmedString } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsEmail, IsFQDN, IsOptional, Length, ValidateNested } from 'class-validator';

const TEXT_MAX = 200;
/** "WWW.Acme.com." and "acme.com" are one domain. */
const domain = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .trim()
        .toLowerCase()
        .replace(/^www\./, '')
        .replace(/\.$/, '')
    : value;

@InputType()
export class RegisterDealInput {
  @Field({ description: `1 to ${TEXT_MAX} characters.` })
  @TrimmedString({ min: 1, max: TEXT_MAX })
  companyName!: string;

  @Field({ description: 'The company’s web domain, e.g. acme.com; another partner’s protected registration of it is refused.' })
  @Transform(domain)
  @IsFQDN({}, { message: 'domain must be a domain name such as acme.com' })
  @Length(1, 253, { message: 'domain must be at most 253 characters' })
  domain!: string;

  @Field(() => ID, { nullable: true, description: 'The sales customer, when the company already is one.' })
  @UuidInput({ optional: true })
  customerId?: string | null;

  @Field({ description: `The person at the company, 1 to ${TEXT_MAX} characters.` })
  @TrimmedString({ min: 1, max: TEXT_MAX })
  contactName!: string;

  @Field()
  @Transform(lower)
  @IsEmail({}, { message: 'contactEmail must be an email address' })
  @Length(3, 320, { message: 'contactEmail must be at most 320 characters' })
  contactEmail!: string;

  @Field({ description: `What the company wants to buy, 1 to ${TEXT_MAX} characters.` })
  @TrimmedString({ min: 1, max: TEXT_MAX })
  productInterest!: string;

  @Field(() => ID, { nullable: true, description: 'The sales product the deal is for; one sales does not have is NOT_FOUND on productId.' })
  @UuidInput({ optional: true })
  productId?: string | null;

  @Field(() => MoneyInput, { description: 'Never negative.' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyInput)
  estimatedAmount!: MoneyInput;

  @Field({ description: 'YYYY-MM-DD, today or later (UTC).' })
  @IsCalendarDate()
  expectedClose!: string;
}

@InputType()
export class ApproveDealRegistrationInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The sales customer the opportunity opens on; required when the partner named none.' })
  @UuidInput({ optional: true })
  customerId?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Until when the domain stays the partner’s; in the future. By default the protection window from now.',
  })
  @IsOptional()
  protectionExpiresAt?: Date | null;
}

@InputType()
export class RejectDealRegistrationInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field({ description: `Shown to the partner, 1 to 1000 characters.` })
  @TrimmedString({ min: 1, max: 1000 })
  reason!: string;
}

@ArgsType()
export class DealRegistrationsArgs extends ConnectionArgs {}
