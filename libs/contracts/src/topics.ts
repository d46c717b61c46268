/** One topic per aggregate and version. Each is declared by the service that produces it. */
export const Topics = {
  salesCustomer: 'crm.sales.customer.v1',
  salesContact: 'crm.sales.contact.v1',
  marketingLead: 'crm.marketing.lead.v1',
  serviceCase: 'crm.service.case.v1',
  partnersPartner: 'crm.partners.partner.v1',
} as const;

export interface TopicSpec {
  name: string;
  partitions: number;
}

export const topicSpec = (name: string, partitions = 6): TopicSpec => ({ name, partitions });
