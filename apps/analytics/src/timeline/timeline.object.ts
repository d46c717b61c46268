import { Connection } from '@crm/graphql';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { CustomerMetricsEntity } from './customer-metrics.entity';
import type { TimelineEntryEntity } from './timeline-entry.entity';

@ObjectType({ description: 'The record a console opens for a timeline entry.' })
export class TimelineLink {
  @Field({
    description: 'A type of the graph: Customer, Contact, Opportunity, Quote, Activity, Lead, Campaign, Case, Partner, Commission...',
  })
  type!: string;

  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'One interaction with a customer, from any service.' })
export class TimelineEntry {
  @Field(() => ID, { description: 'The id of the event the entry was built from.' })
  id!: string;

  @Field()
  occurredAt!: Date;

  @Field({
    description:
      'What happened, e.g. CUSTOMER_CREATED, CONTACT_ADDED, LEAD_CAPTURED, LEAD_CONVERTED, CASE_OPENED, CASE_STATUS_CHANGED, PARTNER_LINKED.',
  })
  type!: string;

  @Field({ description: 'The service it happened in: sales, marketing, service or partners.' })
  source!: string;

  @Field({ description: 'A sentence for people, e.g. "Case opened: Printer on fire (HIGH)".' })
  summary!: string;

  @Field(() => TimelineLink, {
    nullable: true,
    description: 'The record the entry is about; null on entries recorded before links existed.',
  })
  link!: TimelineLink | null;

  /** Not a field: `customer` resolves from it. */
  customerId!: string;
}

@ObjectType()
export class TimelineConnection extends Connection(TimelineEntry, 'Timeline') {}

@ObjectType({ description: 'Counters built from every interaction the customer had.' })
export class CustomerMetrics {
  @Field(() => Int)
  interactionCount!: number;

  @Field(() => Date, { nullable: true, description: 'When the latest interaction happened; null before the first.' })
  lastInteractionAt!: Date | null;
}

export function toTimelineEntry(e: TimelineEntryEntity): TimelineEntry {
  return {
    id: e.id,
    customerId: e.customerId,
    occurredAt: e.occurredAt,
    type: e.type,
    source: e.source,
    summary: e.summary,
    link: e.linkType && e.linkId ? { type: e.linkType, id: e.linkId } : null,
  };
}

/** A customer without any event yet has metrics too: zero interactions. */
export function toCustomerMetrics(e: CustomerMetricsEntity | null): CustomerMetrics {
  return e
    ? { interactionCount: e.interactionCount, lastInteractionAt: e.lastInteractionAt }
    : { interactionCount: 0, lastInteractionAt: null };
}
