import { InvalidError } from '@crm/domain';
import { applyDecorators } from '@nestjs/common';
import { Directive, Field, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Transform, Type as TransformTo } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEmail, IsEnum, IsOptional, Length, Matches, ValidateNested } from 'class-validator';
import { lower, trim } from './input-transforms';

/**
 * A person's typed email addresses and phone numbers, as sales keeps them for contacts and marketing
 * for leads. One definition, so the two subgraphs agree on the shape the graph shows for both.
 */
export const CONTACT_POINTS_MAX = 10;
export const PHONE_PATTERN = /^\+?[0-9 ()./-]{4,30}$/;

export enum ContactPointType {
  WORK = 'WORK',
  HOME = 'HOME',
  MOBILE = 'MOBILE',
  OTHER = 'OTHER',
}

registerEnumType(ContactPointType, { name: 'ContactPointType', description: 'What an email address or phone number is for.' });

@InputType()
export class ContactEmailInput {
  @Field()
  @Transform(lower)
  @IsEmail({}, { message: 'address must be an email address' })
  @Length(3, 254, { message: 'address must be 3 to 254 characters' })
  address!: string;

  @Field(() => ContactPointType, { defaultValue: ContactPointType.WORK })
  @IsEnum(ContactPointType)
  type: ContactPointType = ContactPointType.WORK;

  @Field(() => Boolean, { defaultValue: false, description: 'At most one primary; without one, the first is primary.' })
  @IsBoolean()
  primary = false;
}

@InputType()
export class ContactPhoneInput {
  @Field()
  @Transform(trim)
  @Matches(PHONE_PATTERN, { message: 'number must be a phone number' })
  number!: string;

  @Field(() => ContactPointType, { defaultValue: ContactPointType.WORK })
  @IsEnum(ContactPointType)
  type: ContactPointType = ContactPointType.WORK;

  @Field(() => Boolean, { defaultValue: false, description: 'At most one primary; without one, the first is primary.' })
  @IsBoolean()
  primary = false;
}

/**
 * An optional list of emails or phones (`type`: ContactEmailInput or ContactPhoneInput), null or []
 * allowed: declared, each entry turned into that class and checked, and at most
 * CONTACT_POINTS_MAX, the message naming the field. The five decorators sales' contacts and
 * marketing's leads declared alike, in one; applied in the order they stood, bottom first.
 */
export function ContactPointsField(type: typeof ContactEmailInput | typeof ContactPhoneInput, description: string): PropertyDecorator {
  return (target, key) =>
    applyDecorators(
      TransformTo(() => type),
      ValidateNested({ each: true }),
      ArrayMaxSize(CONTACT_POINTS_MAX, { message: `${String(key)} must have at most ${CONTACT_POINTS_MAX} entries` }),
      IsOptional(),
      Field(() => [type], { nullable: true, description }),
    )(target, key);
}

// Returned by sales (contacts) and marketing (leads): the same value type in both, so shareable.
@ObjectType()
@Directive('@shareable')
export class ContactEmail {
  @Field()
  address!: string;

  @Field(() => ContactPointType)
  type!: ContactPointType;

  @Field()
  primary!: boolean;
}

@ObjectType()
@Directive('@shareable')
export class ContactPhone {
  @Field()
  number!: string;

  @Field(() => ContactPointType)
  type!: ContactPointType;

  @Field()
  primary!: boolean;
}

/** A stored email or phone: its value, kind, whether primary, and the position the caller gave it. */
export interface ContactPointRow {
  value: string;
  type: ContactPointType;
  isPrimary: boolean;
  position: number;
}

/**
 * Checks a list of emails or phones: no value twice, at most one primary, and the first one primary when none is.
 * Refuses with BAD_USER_INPUT naming `field`.
 */
export function normaliseContactPoints<I extends { type: ContactPointType; primary: boolean }>(
  field: string,
  list: I[],
  valueOf: (i: I) => string,
): ContactPointRow[] {
  const seen = new Set<string>();
  for (const item of list) {
    if (seen.has(valueOf(item))) throw new InvalidError(field, `lists ${valueOf(item)} twice`);
    seen.add(valueOf(item));
  }
  const primaries = list.filter((i) => i.primary).length;
  if (primaries > 1) throw new InvalidError(field, 'may have at most one primary entry');
  return list.map((item, position) => ({
    value: valueOf(item),
    type: item.type,
    isPrimary: primaries === 0 ? position === 0 : item.primary,
    position,
  }));
}
