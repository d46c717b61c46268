import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { ContactEntity } from './contact.entity';

@ObjectType({ description: 'A person at a customer.' })
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

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field()
  createdAt!: Date;
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
    createdAt: e.createdAt,
  };
}
