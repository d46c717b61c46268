import { MAX_PAGE_SIZE } from '@crm/graphql';
import { ArgsType, Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DATE_GRAINS, type DateGrain } from './olap.catalogue';

export enum OlapDateGrain {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(OlapDateGrain, {
  name: 'OlapDateGrain',
  description: 'The grain a date dimension is grouped at; a week starts on Monday.',
});

const NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

@InputType({ description: 'A dimension to group by; a date dimension takes a grain (DAY when none is given).' })
export class OlapDimensionInput {
  @Field({ description: 'A dimension of the cube, as olapCatalogue lists it.' })
  @IsString()
  @Matches(NAME, { message: 'name must be a dimension name such as date or owner' })
  name!: string;

  @Field(() => OlapDateGrain, { nullable: true })
  @IsOptional()
  @IsIn(DATE_GRAINS, { message: `grain must be one of ${DATE_GRAINS.join(', ')}` })
  grain?: DateGrain;
}

@InputType({ description: 'Keeps the facts whose dimension (at the grain, for a date) is one of the values.' })
export class OlapFilterInput extends OlapDimensionInput {
  @Field(() => [String], { description: 'Values as the query answers them, e.g. an id, WON, or 2031-04-01 for April at MONTH.' })
  @ArrayMinSize(1, { message: 'in must name at least one value' })
  @ArrayMaxSize(MAX_PAGE_SIZE, { message: `in takes at most ${MAX_PAGE_SIZE} values` })
  @IsString({ each: true })
  @MaxLength(200, { each: true, message: 'each value of in is at most 200 characters' })
  in!: string[];
}

@InputType({ description: 'Measures of one cube grouped by its dimensions, computed in the database.' })
export class OlapQueryInput {
  @Field({ description: 'A cube, as olapCatalogue lists it.' })
  @IsString()
  @Matches(NAME, { message: 'cube must be a cube name such as deals' })
  cube!: string;

  @Field(() => [String])
  @ArrayMinSize(1, { message: 'measures must name at least one measure' })
  @ArrayMaxSize(8, { message: 'measures takes at most 8 measures' })
  @Matches(NAME, { each: true, message: 'each measure must be a measure name such as wonRevenue' })
  measures!: string[];

  @Field(() => [OlapDimensionInput], { nullable: true, description: 'In order: the rollup totals from the last one up.' })
  @IsOptional()
  @ArrayMaxSize(4, { message: 'dimensions takes at most 4 dimensions' })
  @ValidateNested({ each: true })
  @Type(() => OlapDimensionInput)
  dimensions?: OlapDimensionInput[];

  @Field(() => [OlapFilterInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(8, { message: 'filters takes at most 8 filters' })
  @ValidateNested({ each: true })
  @Type(() => OlapFilterInput)
  filters?: OlapFilterInput[];

  @Field({ nullable: true, description: 'Adds a subtotal row for each prefix of the dimensions and a grand total (GROUPING SETS).' })
  @IsOptional()
  @IsBoolean()
  rollup?: boolean;
}

@ArgsType()
export class OlapArgs {
  @Field(() => OlapQueryInput)
  @ValidateNested()
  @Type(() => OlapQueryInput)
  query!: OlapQueryInput;

  @Field(() => Int, {
    nullable: true,
    description: `At most this many rows (default and limit ${MAX_PAGE_SIZE}); truncated says when more exist.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'first must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `first must be at most ${MAX_PAGE_SIZE}` })
  first?: number;
}
