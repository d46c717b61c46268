import { ConnectionArgs, MoneyInput, trim, UuidInput, TrimmedString, FilterArg, SortArg } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

@InputType()
export class CreateProductInput {
  @Field()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(/^[A-Z0-9][A-Z0-9._-]{0,63}$/, { message: 'sku must be 1 to 64 letters, digits, dots, dashes or underscores' })
  sku!: string;

  @Field()
  @TrimmedString({ min: 1, max: 200 })
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @Length(1, 2000, { message: 'description must be 1 to 2000 characters' })
  description?: string | null;
}

@InputType()
export class SetProductActiveInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field()
  @IsBoolean()
  active!: boolean;
}

@InputType()
export class CreatePriceBookInput {
  @Field()
  @TrimmedString({ min: 1, max: 100 })
  name!: string;
}

@InputType()
export class SetPriceInput {
  @Field(() => ID)
  @UuidInput()
  priceBookId!: string;

  @Field(() => ID)
  @UuidInput()
  productId!: string;

  @Field(() => MoneyInput, { description: 'Replaces the price in this currency, if any. Not negative.' })
  @ValidateNested()
  @Type(() => MoneyInput)
  unitPrice!: MoneyInput;
}

export enum ProductSort {
  NAME_ASC = 'NAME_ASC',
  CREATED_AT_DESC = 'CREATED_AT_DESC',
}

registerEnumType(ProductSort, { name: 'ProductSort' });

@InputType()
export class ProductFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the name or SKU.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@ArgsType()
export class ProductsArgs extends ConnectionArgs {
  @FilterArg(() => ProductFilter)
  filter?: ProductFilter;

  @SortArg(ProductSort, ProductSort.NAME_ASC)
  sort: ProductSort = ProductSort.NAME_ASC;
}
