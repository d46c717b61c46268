import { IsOptionalNotNull, UuidInput, TrimmedString } from '@crm/graphql';
import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { CustomerFilter, CustomerSort } from '../customers/customer.input';

/** The lists a view can be saved on. Each list brings its own typed filter and sort. */
export enum SavedViewList {
  CUSTOMERS = 'CUSTOMERS',
}
registerEnumType(SavedViewList, { name: 'SavedViewList', description: 'A list whose filters and sort can be saved as a view.' });

export const VIEW_NAME_MAX = 80;

@InputType({ description: "A new view: the customer list's own filter and sort, under a name unique to you on that list." })
export class SaveViewInput {
  @Field(() => SavedViewList)
  @IsEnum(SavedViewList, { message: 'list must be CUSTOMERS' })
  list!: SavedViewList;

  @Field()
  @TrimmedString({ min: 1, max: VIEW_NAME_MAX })
  name!: string;

  // The list's own filter input, so a view holds exactly what `customers(filter:)` accepts and is
  // validated by the same rules (an unknown field or a bad value is refused naming it).
  @Field(() => CustomerFilter, { nullable: true, description: 'As `customers(filter:)` takes it; left out, no filter.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CustomerFilter)
  filters?: CustomerFilter | null;

  @Field(() => CustomerSort, { defaultValue: CustomerSort.CREATED_AT_DESC })
  @IsEnum(CustomerSort, { message: 'sort must be a CustomerSort' })
  sort: CustomerSort = CustomerSort.CREATED_AT_DESC;

  @Field(() => Boolean, { defaultValue: false, description: 'Shown to every colleague who reads the list; only you change it.' })
  @IsBoolean()
  shared = false;
}

@InputType({ description: 'Changes one of your views; fields left out stay as they are.' })
export class UpdateViewInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: VIEW_NAME_MAX, optional: 'not-null' })
  name?: string;

  @Field(() => CustomerFilter, { nullable: true, description: 'Replaces the filter; null clears it.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CustomerFilter)
  filters?: CustomerFilter | null;

  @Field(() => CustomerSort, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(CustomerSort, { message: 'sort must be a CustomerSort' })
  sort?: CustomerSort;

  @Field(() => Boolean, { nullable: true })
  @IsOptionalNotNull()
  @IsBoolean()
  shared?: boolean;
}
