import { ConnectionArgs, IsOptionalNotNull, UuidInput, FilterArg, SortArg } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { LocalDate } from '../opportunities/local-date.scalar';
import { QuoteStatus } from './quote.enums';

const DECIMAL = /^-?\d{1,11}(\.\d{1,4})?$/;
const decimal = (field: string) => ({ message: `${field} must be a decimal string with at most 4 decimal places` });
export const LINES_PER_QUOTE = 200;

@InputType()
export class QuoteLineInput {
  @Field(() => ID)
  @UuidInput()
  productId!: string;

  @Field({ description: 'Decimal string, more than 0 (fractions for hours, kilograms...).' })
  @Matches(DECIMAL, decimal('quantity'))
  quantity!: string;

  @Field(() => String, { nullable: true, description: "Decimal string in the quote's currency; defaults to the price book's price." })
  @IsOptionalNotNull()
  @Matches(DECIMAL, decimal('unitPrice'))
  unitPrice?: string;

  @Field({ defaultValue: '0', description: 'Decimal string, 0 to 100.' })
  @Matches(DECIMAL, decimal('discountPercent'))
  discountPercent: string = '0';

  @Field({ defaultValue: '0', description: 'Decimal string, 0 to 100.' })
  @Matches(DECIMAL, decimal('taxPercent'))
  taxPercent: string = '0';
}

@InputType()
export class CreateQuoteInput {
  @Field(() => ID)
  @UuidInput()
  opportunityId!: string;

  @Field(() => ID, { nullable: true, description: 'Where unit prices come from when a line gives none.' })
  @UuidInput({ optional: true })
  priceBookId?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  @IsString()
  validUntil?: string;

  @Field(() => [QuoteLineInput], { description: "Priced in the opportunity's currency." })
  @ArrayMinSize(1, { message: 'lines must list at least one line' })
  @ArrayMaxSize(LINES_PER_QUOTE, { message: `lines must list at most ${LINES_PER_QUOTE}` })
  @ValidateNested({ each: true })
  @Type(() => QuoteLineInput)
  lines!: QuoteLineInput[];
}

@InputType()
export class ChangeQuoteStatusInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => QuoteStatus, { description: 'DRAFT → SENT → ACCEPTED, REJECTED or EXPIRED.' })
  @IsEnum(QuoteStatus)
  status!: QuoteStatus;
}

export enum QuoteSort {
  CREATED_AT_DESC = 'CREATED_AT_DESC',
  TOTAL_DESC = 'TOTAL_DESC',
}

registerEnumType(QuoteSort, { name: 'QuoteSort' });

@InputType()
export class QuoteFilter {
  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  opportunityId?: string;

  @Field(() => QuoteStatus, { nullable: true })
  @IsOptional()
  @IsEnum(QuoteStatus)
  status?: QuoteStatus;
}

@ArgsType()
export class QuotesArgs extends ConnectionArgs {
  @FilterArg(() => QuoteFilter)
  filter?: QuoteFilter;

  @SortArg(QuoteSort, QuoteSort.CREATED_AT_DESC)
  sort: QuoteSort = QuoteSort.CREATED_AT_DESC;
}
