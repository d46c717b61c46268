import { Connection } from '@crm/graphql';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { LeadEntity } from './lead.entity';
import { LeadSource, LeadStatus } from './lead.enums';

@ObjectType({ description: 'A person who showed interest, before (or while) becoming a customer.' })
export class Lead {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Lowercased; unique across leads.' })
  email!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  company!: string | null;

  @Field(() => LeadSource)
  source!: LeadSource;

  @Field(() => LeadStatus)
  status!: LeadStatus;

  @Field(() => ID, { nullable: true, description: 'The customer this lead belongs to, when known.' })
  customerId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the lead was converted into a customer; null until then.' })
  convertedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The contact the conversion created in sales.' })
  convertedContactId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The opportunity the conversion opened in sales, if it opened one.' })
  convertedOpportunityId!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class LeadConnection extends Connection(Lead) {}

export function toLead(e: LeadEntity): Lead {
  return {
    id: e.id,
    email: e.email,
    name: e.name,
    company: e.company,
    source: e.source,
    status: e.status,
    customerId: e.customerId,
    convertedAt: e.convertedAt,
    convertedContactId: e.convertedContactId,
    convertedOpportunityId: e.convertedOpportunityId,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}
