import { EntityStub } from '@crm/graphql';
import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/*
 * Other subgraphs' records that notes can be on. Sales knows only their key and adds `notes` to
 * each; the gateway brings a lead, a case or a partner here by its id.
 */

@ObjectType('Lead')
@Directive('@key(fields: "id")')
@EntityStub()
export class LeadRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType('Case')
@Directive('@key(fields: "id")')
@EntityStub()
export class CaseRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType('Partner')
@Directive('@key(fields: "id")')
@EntityStub()
export class PartnerRef {
  @Field(() => ID)
  id!: string;
}
