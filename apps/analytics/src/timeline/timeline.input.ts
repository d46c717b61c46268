import { ConnectionArgs, FilterArg, UuidInput } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsIn, IsOptional, Matches } from 'class-validator';

const SOURCES = ['sales', 'marketing', 'service', 'partners'];

@InputType()
export class TimelineFilter {
  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  customerId?: string;

  @Field(() => String, { nullable: true, description: 'An entry type, e.g. CASE_OPENED.' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z_]{0,63}$/, { message: 'type must be an entry type such as CASE_OPENED' })
  type?: string;

  @Field(() => String, { nullable: true, description: `The service: ${SOURCES.join(', ')}.` })
  @IsOptional()
  @IsIn(SOURCES, { message: `source must be one of ${SOURCES.join(', ')}` })
  source?: string;
}

@ArgsType()
export class TimelineArgs extends ConnectionArgs {
  @FilterArg(() => TimelineFilter)
  filter?: TimelineFilter;
}
