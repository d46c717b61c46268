import {
  CaseOpened,
  CaseStatusChanged,
  CaseUpdated,
  CaseUpdatedV2,
  ContactAdded,
  ContactUpdated,
  ContactUpdatedV2,
  CustomerCreated,
  CustomerUpdated,
  CustomerUpdatedV2,
  KnowledgeArticlePublished,
  LeadCaptured,
  LeadUpdated,
  LeadUpdatedV2,
  OpportunityCreated,
  OpportunityImported,
  OpportunityLost,
  OpportunityStageChanged,
  OpportunityUpdated,
  OpportunityUpdatedV2,
  OpportunityWon,
  PartnerCreated,
  PartnerUpdated,
  PartnerUpdatedV2,
  type EventContract,
  type PayloadOf,
} from '@crm/contracts';
import { SearchType } from './search-type';

/** A searchable field's value: text, a list of texts, or null when the record has none. */
export type FieldValue = string | string[] | null;

/**
 * What an event says about one record, for its search document. `fields` are the searchable fields
 * by the owner's names; they are merged into what the document already holds, so an event that
 * carries only some fields (a lead's new email) keeps the others. `title` is null when the event
 * does not carry it: the document keeps the one it has.
 */
export interface DocumentChange {
  type: SearchType;
  id: string;
  title: string | null;
  fields: Record<string, FieldValue>;
  partnerId: string | null;
  customerId: string | null;
}

/** Emails and domains: weighted B and matched exactly, lower-cased. */
export const KEY_FIELDS = ['email', 'emails', 'domain', 'contactEmails'];
/** The fields a title is made of: weighted A through the title itself. */
export const TITLE_FIELDS = ['name', 'subject', 'title'];

interface Describer<C extends EventContract = EventContract> {
  contract: C;
  change(data: PayloadOf<C>): DocumentChange;
}

const describe = <C extends EventContract>(contract: C, change: (data: PayloadOf<C>) => DocumentChange): Describer => ({
  contract,
  change,
});

const customer = (id: string, title: string | null, fields: Record<string, FieldValue>): DocumentChange => ({
  type: SearchType.CUSTOMER,
  id,
  title,
  fields,
  partnerId: null,
  customerId: id,
});

const contact = (
  d: { contactId: string; customerId: string; fullName: string },
  emails: string[],
  rest: Record<string, FieldValue> = {},
) => ({
  type: SearchType.CONTACT,
  id: d.contactId,
  title: d.fullName,
  fields: { name: d.fullName, emails, ...rest },
  partnerId: null,
  customerId: d.customerId,
});

// v2 carries all of v1, so one describer reads both.
const contactUpdated = (d: PayloadOf<typeof ContactUpdated>): DocumentChange =>
  contact(d, [...new Set([...(d.email ? [d.email] : []), ...d.emails.map((e) => e.address)])], {
    phones: d.phones.map((p) => p.number),
    jobTitle: d.title,
    role: d.role,
  });

// An opportunity's partner is in every event, so a partner finds exactly the deals row-level security lets it read in sales.
const opportunity = (d: { opportunityId: string; customerId: string; name: string; partnerId?: string | null }): DocumentChange => ({
  type: SearchType.OPPORTUNITY,
  id: d.opportunityId,
  title: d.name,
  fields: { name: d.name },
  partnerId: d.partnerId ?? null,
  customerId: d.customerId,
});

const supportCase = (d: { caseId: string; customerId: string; subject: string }): DocumentChange => ({
  type: SearchType.CASE,
  id: d.caseId,
  title: d.subject,
  fields: { subject: d.subject },
  partnerId: null,
  customerId: d.customerId,
});

// A partner reads its own record (partners' row-level security is on the partner's id).
const partner = (d: { partnerId: string; name: string }, rest: Record<string, FieldValue> = {}): DocumentChange => ({
  type: SearchType.PARTNER,
  id: d.partnerId,
  title: d.name,
  fields: { name: d.name, ...rest },
  partnerId: d.partnerId,
  customerId: null,
});

/**
 * Every event that creates or changes a searchable record, and what it says about it. Deletions,
 * merges and soft deletes are the service's own handlers: they change more than one document.
 */
export const DOCUMENT_DESCRIBERS: Describer[] = [
  describe(CustomerCreated, (d) => customer(d.customerId, d.name, { name: d.name })),
  describe(CustomerUpdated, (d) => customer(d.customerId, d.name, { name: d.name })),
  describe(CustomerUpdatedV2, (d) =>
    customer(d.customerId, d.customer.name, {
      name: d.customer.name,
      domain: d.customer.domain,
      industry: d.customer.industry,
      tags: d.customer.tags,
    }),
  ),
  describe(ContactAdded, (d) => contact(d, d.email ? [d.email] : [])),
  describe(ContactUpdated, contactUpdated),
  describe(ContactUpdatedV2, contactUpdated),
  describe(LeadCaptured, (d) => ({
    type: SearchType.LEAD,
    id: d.leadId,
    title: d.name,
    fields: { name: d.name, email: d.email, company: d.company },
    partnerId: null,
    customerId: d.customerId,
  })),
  // Carries the lead's email, not its name: the title stays.
  describe(LeadUpdated, (d) => ({
    type: SearchType.LEAD,
    id: d.leadId,
    title: null,
    fields: { email: d.email },
    partnerId: null,
    customerId: d.customerId,
  })),
  // v2 (what marketing publishes now) carries the changed values: a new name or company is searchable too.
  describe(LeadUpdatedV2, (d) => {
    const changed = new Map(d.changes.map((c) => [c.field, c.new]));
    const text = (field: string): FieldValue | undefined => {
      if (!changed.has(field)) return undefined;
      const value = changed.get(field);
      return typeof value === 'string' ? value : null;
    };
    const name = text('name');
    const company = text('company');
    return {
      type: SearchType.LEAD,
      id: d.leadId,
      title: typeof name === 'string' ? name : null,
      fields: { email: d.email, ...(name !== undefined && { name }), ...(company !== undefined && { company }) },
      partnerId: null,
      customerId: d.customerId,
    };
  }),
  ...[OpportunityCreated, OpportunityUpdated, OpportunityUpdatedV2, OpportunityStageChanged, OpportunityWon, OpportunityLost].map((c) =>
    describe(c, opportunity),
  ),
  describe(OpportunityImported, opportunity),
  ...[CaseOpened, CaseUpdated, CaseUpdatedV2, CaseStatusChanged].map((c) => describe(c, supportCase)),
  describe(PartnerCreated, (d) => partner(d)),
  describe(PartnerUpdated, (d) => partner(d, { territory: d.territory })),
  describe(PartnerUpdatedV2, (d) => partner(d, { territory: d.territory })),
  describe(KnowledgeArticlePublished, (d) => ({
    type: SearchType.KNOWLEDGE_ARTICLE,
    id: d.articleId,
    title: d.title,
    fields: { title: d.title },
    partnerId: null,
    customerId: null,
  })),
];
