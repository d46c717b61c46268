import { IsOptionalNotNull, trim } from '@crm/graphql';
import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { CustomerFilter, CustomerSort } from '../customers/customer.input';

/** The lists a view can be saved on. Each list brings its own typed filter and sort. */
export enum SavedViewList {
  CUSTOMERS = 'CUSTOMERS',
}
registerEnumType(SavedViewList, { name: 'SavedViewList', description: 'A list whose filters and sort can be saved as a view.' });

export const VIEW_NAME_MAX = 80;
const nameMessage = { message: `name must be 1 to ${VIEW_NAME_MAX} characters` };

@InputType({ description: "A new view: the customer list's own filter and sort, under a name unique to you on that list." })
export class SaveViewInput {
  @Field(() => SavedViewList)
  @IsEnum(SavedViewList, { message: 'list must be CUSTOMERS' })
  list!: SavedViewList;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, VIEW_NAME_MAX, nameMessage)
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
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(1, VIEW_NAME_MAX, nameMessage)
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
