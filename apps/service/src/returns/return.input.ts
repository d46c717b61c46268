import { ConnectionArgs, FilterArg, MoneyInput, UuidInput, TrimmedString } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { ItemCondition, ReturnStatus } from './return.enums';

export const RETURN_ITEMS_MAX = 50;
export const RETURN_QUANTITY_MAX = 10_000;
export const RETURN_REASON_MAX = 1000;

@InputType()
export class ReturnItemInput {
  @Field(() => ID, {
    nullable: true,
    description: "A product sales has; left out, the case's product. A customer returns only the product its case is about.",
  })
  @UuidInput({ optional: true })
  productId?: string | null;

  @Field(() => Int)
  @IsInt({ message: 'quantity must be a whole number' })
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(RETURN_QUANTITY_MAX, { message: `quantity must be at most ${RETURN_QUANTITY_MAX}` })
  quantity!: number;

  @Field({ description: 'Why it comes back.' })
  @TrimmedString({ min: 1, max: RETURN_REASON_MAX })
  reason!: string;

  @Field(() => ItemCondition)
  @IsEnum(ItemCondition)
  condition!: ItemCondition;
}

@InputType()
export class RequestReturnInput {
  @Field(() => ID, { description: 'A RETURN case, not CLOSED.' })
  @UuidInput()
  caseId!: string;

  @Field(() => [ReturnItemInput], { description: `1 to ${RETURN_ITEMS_MAX} items.` })
  @IsArray()
  @ArrayMinSize(1, { message: 'items must list at least one item' })
  @ArrayMaxSize(RETURN_ITEMS_MAX, { message: `items must list at most ${RETURN_ITEMS_MAX}` })
  @ValidateNested({ each: true })
  @Type(() => ReturnItemInput)
  items!: ReturnItemInput[];
}

@InputType()
export class ChangeReturnStatusInput {
  @Field(() => ID)
  @UuidInput()
  returnId!: string;

  @Field(() => ReturnStatus)
  @IsEnum(ReturnStatus)
  status!: ReturnStatus;

  @Field(() => MoneyInput, { nullable: true, description: 'What was paid back: required by REFUNDED, refused by every other move.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  refund?: MoneyInput | null;

  @Field(() => String, { nullable: true, description: 'Why: required by REJECTED, refused by every other move.' })
  @TrimmedString({ min: 1, max: RETURN_REASON_MAX, optional: true })
  reason?: string | null;
}

@InputType()
export class ReturnFilter {
  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  caseId?: string;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  customerId?: string;

  @Field(() => ReturnStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ReturnStatus)
  status?: ReturnStatus;
}

@ArgsType()
export class ReturnsArgs extends ConnectionArgs {
  @FilterArg(() => ReturnFilter)
  filter?: ReturnFilter;
}
