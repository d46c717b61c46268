import { Connection } from '@crm/graphql';
import { PARTNER_TAG } from '@crm/graphql';
import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { CustomerRef } from '@crm/graphql';
import type { PartnerCustomerLinkEntity } from './partner-customer-link.entity';
import type { PartnerEntity } from './partner.entity';
import { PartnerKind } from './partner.enums';

@ObjectType({ description: 'A company that sells, refers or promotes on our behalf.' })
@Directive('@key(fields: "id")')
@Directive(PARTNER_TAG)
export class Partner {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique regardless of case.' })
  name!: string;

  @Field(() => PartnerKind)
  kind!: PartnerKind;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class PartnerConnection extends Connection(Partner) {}

@ObjectType({ description: 'A customer a partner works with.' })
@Directive(PARTNER_TAG)
export class PartnerCustomerLink {
  @Field(() => ID)
  customerId!: string;

  @Field()
  linkedAt!: Date;

  @Field(() => CustomerRef, {
    nullable: true,
    description: 'The customer, resolved by the sales subgraph (null there when sales has no such customer).',
  })
  customer!: CustomerRef | null;
}

export function toPartner(e: PartnerEntity): Partner {
  return { id: e.id, name: e.name, kind: e.kind, createdAt: e.createdAt };
}

export function toPartnerCustomerLink(e: PartnerCustomerLinkEntity): PartnerCustomerLink {
  return { customerId: e.customerId, linkedAt: e.linkedAt, customer: { id: e.customerId } };
}
