import { IsOptionalNotNull, UuidInput, TrimmedString } from '@crm/graphql';
import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { RFM_SEGMENTS } from '../intelligence/rfm-segment';
import { RULE_FIELDS, RULE_LIMITS, RULE_OPERATORS } from './segment-rule';

export const SEGMENT_NAME_MAX = 120;
export const SEGMENT_DESCRIPTION_MAX = 1000;

const IN_A_CURRENCY = Object.entries(RULE_FIELDS as Record<string, { currency?: boolean }>).flatMap(([name, f]) =>
  f.currency ? [name] : [],
);
const RULE_DOC =
  `The rule as JSON text: {"all": [...]}, {"any": [...]}, {"not": rule} or {"field", "op", "value"} (${IN_A_CURRENCY.join(' and ')} also take "currency"). ` +
  `rfmSegment takes ${RFM_SEGMENTS.join(', ')}. ` +
  `Fields: ${Object.keys(RULE_FIELDS).join(', ')}. Operators: ${RULE_OPERATORS.join(', ')} (between takes [low, high], isSet true or false). ` +
  'A wrong field, operator or value is BAD_USER_INPUT naming its path, e.g. rule.all.1.value.';

@InputType()
export class CreateSegmentInput {
  @Field()
  @TrimmedString({ min: 1, max: SEGMENT_NAME_MAX })
  name!: string;

  @Field(() => String, { nullable: true })
  @TrimmedString({ max: SEGMENT_DESCRIPTION_MAX, optional: true })
  description?: string | null;

  @Field({ description: RULE_DOC })
  @IsString()
  @MaxLength(RULE_LIMITS.text, { message: `rule must be at most ${RULE_LIMITS.text} characters` })
  rule!: string;
}

@InputType({ description: 'What to change; a field left out stays as it is.' })
export class UpdateSegmentInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field({ nullable: true })
  @TrimmedString({ min: 1, max: SEGMENT_NAME_MAX, optional: 'not-null' })
  name?: string;

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  @TrimmedString({ max: SEGMENT_DESCRIPTION_MAX, optional: true })
  description?: string | null;

  @Field({ nullable: true, description: RULE_DOC })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(RULE_LIMITS.text, { message: `rule must be at most ${RULE_LIMITS.text} characters` })
  rule?: string;
}
