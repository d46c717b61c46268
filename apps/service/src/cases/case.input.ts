import { ConnectionArgs } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { CasePriority, CaseStatus, CaseType } from './case.enums';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const SUBJECT_MAX = 200;
export const DESCRIPTION_MAX = 10_000;

@InputType()
export class OpenCaseInput {
  @Field(() => ID, { description: 'The customer the case is about: one that exists in sales.' })
  @Transform(lower)
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId!: string;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, SUBJECT_MAX, { message: `subject must be 1 to ${SUBJECT_MAX} characters` })
  subject!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(DESCRIPTION_MAX, { message: `description must be at most ${DESCRIPTION_MAX} characters` })
  description?: string | null;

  @Field(() => CaseType, { defaultValue: CaseType.REQUEST })
  @IsEnum(CaseType)
  type: CaseType = CaseType.REQUEST;

  @Field(() => CasePriority)
  @IsEnum(CasePriority)
  priority!: CasePriority;
}

@InputType()
export class ChangeCaseStatusInput {
  @Field(() => ID)
  @Transform(lower)
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId!: string;

  @Field(() => CaseStatus)
  @IsEnum(CaseStatus)
  status!: CaseStatus;
}

export enum CaseSort {
  OPENED_AT_DESC = 'OPENED_AT_DESC',
  PRIORITY_DESC = 'PRIORITY_DESC',
}

registerEnumType(CaseSort, {
  name: 'CaseSort',
  valuesMap: {
    OPENED_AT_DESC: { description: 'Newest first.' },
    PRIORITY_DESC: { description: 'Most urgent first, then newest first.' },
  },
});

@InputType()
export class CaseFilter {
  @Field(() => CaseStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CaseStatus)
  status?: CaseStatus;

  @Field(() => CasePriority, { nullable: true })
  @IsOptional()
  @IsEnum(CasePriority)
  priority?: CasePriority;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Transform(lower)
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;
}

@ArgsType()
export class CasesArgs extends ConnectionArgs {
  @Field(() => CaseFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CaseFilter)
  filter?: CaseFilter;

  @Field(() => CaseSort, { defaultValue: CaseSort.OPENED_AT_DESC })
  @IsEnum(CaseSort)
  sort: CaseSort = CaseSort.OPENED_AT_DESC;
}
