import { Field, ObjectType } from '@nestjs/graphql';
import type { CubeSpec } from './olap.catalogue';

@ObjectType()
export class OlapMeasure {
  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field({ description: 'A sum of money: answered per currency, with the currency as the first dimension.' })
  money!: boolean;
}

@ObjectType()
export class OlapDimension {
  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field({ description: 'A calendar date, grouped at a grain.' })
  date!: boolean;
}

@ObjectType({ description: 'One fact table at its grain, what it measures and what it can be grouped by.' })
export class OlapCube {
  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => [OlapMeasure])
  measures!: OlapMeasure[];

  @Field(() => [OlapDimension])
  dimensions!: OlapDimension[];
}

@ObjectType({ description: 'One group: its dimension values and its measures.' })
export class OlapRow {
  @Field(() => [String], {
    nullable: 'items',
    description: 'One value per dimension of the result, null in a column this row totals over (or where the fact has none).',
  })
  keys!: (string | null)[];

  @Field(() => [Boolean], { description: 'Per dimension: true where this row is a subtotal over it.' })
  subtotal!: boolean[];

  @Field(() => [String], {
    nullable: 'items',
    description: 'One value per measure, exact decimals as strings; null where nothing was measured.',
  })
  values!: (string | null)[];
}

@ObjectType()
export class OlapResult {
  @Field(() => [String], {
    description: 'The names of the key columns, in order; currency comes first when a money measure was asked for.',
  })
  dimensions!: string[];

  @Field(() => [String])
  measures!: string[];

  @Field(() => [OlapRow])
  rows!: OlapRow[];

  @Field({ description: 'More rows exist than were answered: narrow the filters or ask for fewer dimensions.' })
  truncated!: boolean;
}

export function toOlapCube(c: CubeSpec): OlapCube {
  return {
    name: c.name,
    description: c.description,
    measures: c.measures.map((m) => ({ name: m.name, description: m.description, money: m.money ?? false })),
    dimensions: c.dimensions.map((d) => ({ name: d.name, description: d.description, date: d.date ?? false })),
  };
}
