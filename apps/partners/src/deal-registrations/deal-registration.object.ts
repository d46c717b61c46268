import { Connection, Money, PARTNER_TAG } from '@crm/graphql';
import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import type { DealRegistrationEntity } from './deal-registration.entity';
import { DealRegistrationStatus } from './deal-registration.enums';

@ObjectType({ description: 'A deal a partner registered, and what the channel team decided.' })
@Directive('@key(fields: "id")')
@Directive(PARTNER_TAG)
export class DealRegistration {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  partnerId!: string;

  @Field()
  companyName!: string;

  @Field()
  domain!: string;

  @Field(() => ID, { nullable: true })
  customerId!: string | null;

  @Field()
  contactName!: string;

  @Field()
  contactEmail!: string;

  @Field()
  productInterest!: string;

  @Field(() => ID, { nullable: true, description: 'The sales product, when the partner named one.' })
  productId!: string | null;

  @Field(() => Money)
  estimatedAmount!: Money;

  @Field({ description: 'YYYY-MM-DD.' })
  expectedClose!: string;

  @Field(() => DealRegistrationStatus)
  status!: DealRegistrationStatus;

  @Field(() => ID, { nullable: true, description: 'The opportunity sales opens for the partner once approved.' })
  opportunityId!: string | null;

  @Field(() => Date, { nullable: true })
  protectionExpiresAt!: Date | null;

  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field()
  submittedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it EXPIRED: approved, and not won by its protection expiry.' })
  expiredAt!: Date | null;
}

@ObjectType()
export class DealRegistrationConnection extends Connection(DealRegistration) {}

export function toDealRegistration(e: DealRegistrationEntity): DealRegistration {
  return {
    id: e.id,
    partnerId: e.partnerId,
    companyName: e.companyName,
    domain: e.domain,
    customerId: e.customerId,
    contactName: e.contactName,
    contactEmail: e.contactEmail,
    productInterest: e.productInterest,
    productId: e.productId,
    estimatedAmount: { amount: e.amount, currency: e.currency },
    expectedClose: e.expectedClose,
    status: e.status,
    opportunityId: e.opportunityId,
    protectionExpiresAt: e.protectionExpiresAt,
    rejectionReason: e.rejectionReason,
    decidedAt: e.decidedAt,
    submittedAt: e.submittedAt,
    expiredAt: e.expiredAt,
  };
}
