/** One topic per aggregate and version. Each is declared by the service that produces it. */
export const Topics = {
  salesCustomer: 'crm.sales.customer.v1',
  salesContact: 'crm.sales.contact.v1',
  marketingLead: 'crm.marketing.lead.v1',
  marketingConsent: 'crm.marketing.consent.v1',
  marketingCampaign: 'crm.marketing.campaign.v1',
  marketingLeadDistribution: 'crm.marketing.lead-distribution.v1',
  serviceCase: 'crm.service.case.v1',
  serviceKnowledgeArticle: 'crm.service.knowledge-article.v1',
  serviceReturn: 'crm.service.return.v1',
  partnersPartner: 'crm.partners.partner.v1',
  partnersDealRegistration: 'crm.partners.deal-registration.v1',
  partnersCommission: 'crm.partners.commission.v1',
  partnersLeadOffer: 'crm.partners.lead-offer.v1',
} as const;

export interface TopicSpec {
  name: string;
  partitions: number;
  /** Kafka `retention.ms`; unset or -1 keeps every event forever, which replaying read models from the beginning needs. */
  retentionMs?: number;
}

export const topicSpec = (name: string, partitions = 6, retentionMs = -1): TopicSpec => ({ name, partitions, retentionMs });

/** Where a consumer parks a message it cannot apply: `<topic>.dlq`. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
