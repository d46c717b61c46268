import { Connection } from '@crm/graphql';
import { PARTNER_TAG } from '@crm/graphql';
import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { CustomerRef } from '@crm/graphql';
import type { PartnerCustomerLinkEntity } from './partner-customer-link.entity';
import type { PartnerUserEntity } from './partner-user.entity';
import type { PartnerEntity } from './partner.entity';
import { PartnerKind, PartnerStatus, PartnerTier } from './partner.enums';

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

  @Field(() => PartnerTier)
  tier!: PartnerTier;

  @Field(() => PartnerStatus)
  status!: PartnerStatus;

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 country codes and region codes (EMEA, AMER, APAC, LATAM).' })
  territory!: string[];

  @Field(() => ID, { nullable: true, description: "The channel manager's user id (their token's sub)." })
  channelManagerId!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: 'A person at a partner who gets partner tokens.' })
@Directive(PARTNER_TAG)
export class PartnerUser {
  @Field(() => ID, { description: "Their token's sub." })
  userId!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field()
  addedAt!: Date;
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

  @Field(() => String, {
    nullable: true,
    description:
      "The customer's name as sales last published it; null until partners has heard of the customer. A partner sees it only on its own links.",
  })
  customerName!: string | null;
}

export function toPartner(e: PartnerEntity): Partner {
  return {
    id: e.id,
    name: e.name,
    kind: e.kind,
    tier: e.tier,
    status: e.status,
    territory: e.territory,
    channelManagerId: e.channelManagerId,
    createdAt: e.createdAt,
  };
}

export function toPartnerUser(e: PartnerUserEntity): PartnerUser {
  return { userId: e.userId, name: e.name, email: e.email, addedAt: e.addedAt };
}

export function toPartnerCustomerLink(e: PartnerCustomerLinkEntity, customerName: string | null): PartnerCustomerLink {
  return { customerId: e.customerId, linkedAt: e.linkedAt, customer: { id: e.customerId }, customerName };
}
