import { ConnectionArgs, FilterArg, UuidInput } from '@crm/graphql';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional } from 'class-validator';
import { AuditRecordType } from './audit-record-type';

/** Which changes: one record's, one user's, a kind of record's, in a window of time; all of them when left out. */
@InputType()
export class AuditTrailFilter {
  @Field(() => AuditRecordType, { nullable: true })
  @IsOptional()
  @IsEnum(AuditRecordType, { message: `recordType must be one of ${Object.values(AuditRecordType).join(', ')}` })
  recordType?: AuditRecordType;

  @Field(() => ID, { nullable: true, description: "One record's changes." })
  @UuidInput({ optional: true })
  recordId?: string;

  @Field(() => ID, { nullable: true, description: 'The changes one user made.' })
  @UuidInput({ optional: true })
  changedBy?: string;

  @Field(() => Date, { nullable: true, description: 'From this instant on (inclusive); since the beginning when left out.' })
  @IsOptional()
  @IsDate({ message: 'from must be a date-time' })
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Up to this instant (exclusive), after from; until now and on when left out.' })
  @IsOptional()
  @IsDate({ message: 'to must be a date-time' })
  to?: Date;
}

@ArgsType()
export class AuditTrailArgs extends ConnectionArgs {
  @FilterArg(() => AuditTrailFilter)
  filter?: AuditTrailFilter;
}
