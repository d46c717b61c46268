import { Connection } from '@crm/graphql';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PersonKind } from '../people/person.enums';
import type { ConsentRecordEntity } from './consent-record.entity';
import type { ConsentStateEntity } from './consent-state.entity';
import { ConsentChannel, ConsentSource, ConsentStatus, LawfulBasis } from './consent.enums';

@ObjectType({ description: 'One grant or withdrawal of consent, kept for good: the GDPR record.' })
export class ConsentRecord {
  @Field(() => ID)
  id!: string;

  @Field(() => PersonKind)
  personKind!: PersonKind;

  @Field(() => ID)
  personId!: string;

  @Field(() => ID, { nullable: true })
  customerId!: string | null;

  @Field()
  email!: string;

  @Field(() => ConsentChannel)
  channel!: ConsentChannel;

  @Field(() => ConsentStatus)
  status!: ConsentStatus;

  @Field(() => ConsentSource)
  source!: ConsentSource;

  @Field(() => ID, { nullable: true, description: 'The web form of a WEB_FORM grant, the campaign of an UNSUBSCRIBE_LINK.' })
  sourceId!: string | null;

  @Field(() => LawfulBasis)
  lawfulBasis!: LawfulBasis;

  @Field(() => String, { nullable: true })
  textShown!: string | null;

  @Field(() => ID, { nullable: true, description: 'Who recorded it; null for the person themself (a link) or the system.' })
  recordedBy!: string | null;

  @Field()
  recordedAt!: Date;
}

@ObjectType()
export class ConsentRecordConnection extends Connection(ConsentRecord) {}

@ObjectType({ description: "An address's current consent on one channel." })
export class ConsentState {
  @Field()
  email!: string;

  @Field(() => ConsentChannel)
  channel!: ConsentChannel;

  @Field(() => ConsentStatus)
  status!: ConsentStatus;

  @Field()
  changedAt!: Date;
}

export function toConsentRecord(e: ConsentRecordEntity): ConsentRecord {
  return {
    id: e.id,
    personKind: e.personKind,
    personId: e.personId,
    customerId: e.customerId,
    email: e.email,
    channel: e.channel,
    status: e.status,
    source: e.source,
    sourceId: e.sourceId,
    lawfulBasis: e.lawfulBasis,
    textShown: e.textShown,
    recordedBy: e.recordedBy,
    recordedAt: e.recordedAt,
  };
}

export const toConsentState = (e: ConsentStateEntity): ConsentState => ({
  email: e.email,
  channel: e.channel,
  status: e.status,
  changedAt: e.changedAt,
});
