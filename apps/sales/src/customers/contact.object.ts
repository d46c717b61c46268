import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import type { ContactEmailEntity, ContactPhoneEntity } from './contact-point.entity';
import type { ContactEntity } from './contact.entity';
import { ContactEmail, ContactPhone, ContactPointType } from '@crm/graphql';

// The typed emails and phones are shared with marketing's leads.
export { ContactEmail, ContactPhone };

@ObjectType({ description: 'A person at a customer.' })
// An entity, so analytics' search hits resolve here.
@Directive('@key(fields: "id")')
export class Contact {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  customerId!: string;

  @Field()
  firstName!: string;

  @Field()
  lastName!: string;

  @Field()
  fullName!: string;

  @Field(() => String, { nullable: true, description: 'The primary email address.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'The primary phone number.' })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'Part in the account, e.g. "Procurement".' })
  role!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

export function toContact(e: ContactEntity): Contact {
  return {
    id: e.id,
    customerId: e.customerId,
    firstName: e.firstName,
    lastName: e.lastName,
    fullName: `${e.firstName} ${e.lastName}`,
    email: e.email,
    phone: e.phone,
    title: e.title,
    role: e.role,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export const toContactEmail = (e: ContactEmailEntity): ContactEmail => ({
  address: e.address,
  type: e.type as ContactPointType,
  primary: e.isPrimary,
});

export const toContactPhone = (e: ContactPhoneEntity): ContactPhone => ({
  number: e.number,
  type: e.type as ContactPointType,
  primary: e.isPrimary,
});
