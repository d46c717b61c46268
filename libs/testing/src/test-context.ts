import { randomUUID } from 'node:crypto';
import type { Gql } from './graphql-client';

/** What a builder answers: the new record's id and the fields a test usually needs next. */
export interface NewCustomer {
  id: string;
  name: string;
}
export interface NewContact {
  id: string;
  customerId: string;
}
export interface NewOpportunity {
  id: string;
  customerId: string;
  partnerId: string | null;
  status: string;
  stageId: string;
  amount: { amount: string; currency: string };
}
export interface NewLead {
  id: string;
  email: string;
  customerId: string | null;
}
export interface NewCase {
  id: string;
  customerId: string;
}
export interface NewPartner {
  id: string;
  name: string;
}

type Input = Record<string, unknown>;

/**
 * Test data through the graph, as a client makes it: each builder sends its mutation with readable,
 * unique defaults that `input` overrides, and throws on any error, so a broken setup fails where it
 * happens. The same context works on the gateway and on one subgraph (for the mutations it serves).
 */
export interface TestContext {
  newCustomer(input?: Input): Promise<NewCustomer>;
  /** A contact at `customerId`, or at a new customer. */
  newContact(input?: Input): Promise<NewContact>;
  /** An opportunity in the default pipeline, at `customerId` or a new customer. */
  newOpportunity(input?: Input): Promise<NewOpportunity>;
  newLead(input?: Input): Promise<NewLead>;
  /** A case about `customerId`, or about a new customer. */
  newCase(input?: Input): Promise<NewCase>;
  newPartner(input?: Input): Promise<NewPartner>;
  /**
   * Records a lead's email consent as `status` (GRANTED or WITHDRAWN) on the CONSENT basis, from a
   * WEB_FORM showing "Yes" unless `input` says otherwise; answers the consent record's id.
   */
  leadConsent(leadId: string, status: string, input?: Input): Promise<{ id: string }>;
}

export interface TestContextOptions {
  /**
   * How a customer comes to exist where sales is not running: a single subgraph's tests make it
   * known to their sales double. Through the gateway (or on sales), createCustomer makes it.
   */
  customerId?: () => Promise<string>;
}

export function testContext(gql: Gql, opts: TestContextOptions = {}): TestContext {
  let seq = 0;
  const tag = () => `${++seq}-${randomUUID().slice(0, 8)}`;
  const ok = async <T>(query: string, variables: Input): Promise<T> => {
    const res = await gql<T>(query, variables);
    if (res.errors || !res.data) throw new Error(`${query.slice(0, 60)}… failed: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
  const newCustomer = async (input: Input = {}) =>
    (
      await ok<{ createCustomer: NewCustomer }>('mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id name } }', {
        i: { name: `Customer ${tag()}`, ...input },
      })
    ).createCustomer;
  const customerId = async (input: Input): Promise<string> => {
    if (typeof input.customerId === 'string') return input.customerId;
    return opts.customerId ? opts.customerId() : (await newCustomer()).id;
  };
  return {
    newCustomer,
    newContact: async (input = {}) => {
      const t = tag();
      return (
        await ok<{ addContact: NewContact }>('mutation($i: AddContactInput!) { addContact(input: $i) { id customerId } }', {
          i: { firstName: 'Contact', lastName: t, email: `contact-${t}@example.com`, ...input, customerId: await customerId(input) },
        })
      ).addContact;
    },
    newOpportunity: async (input = {}) =>
      (
        await ok<{ createOpportunity: NewOpportunity }>(
          'mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id customerId partnerId status stageId amount { amount currency } } }',
          {
            i: {
              name: `Deal ${tag()}`,
              amount: { amount: '1000.50', currency: 'EUR' },
              closeDate: '2027-03-31',
              ...input,
              customerId: await customerId(input),
            },
          },
        )
      ).createOpportunity,
    newLead: async (input = {}) => {
      const t = tag();
      return (
        await ok<{ captureLead: NewLead }>('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id email customerId } }', {
          i: { email: `lead-${t}@example.com`, name: `Lead ${t}`, source: 'WEB_FORM', ...input },
        })
      ).captureLead;
    },
    newCase: async (input = {}) =>
      (
        await ok<{ openCase: NewCase }>('mutation($i: OpenCaseInput!) { openCase(input: $i) { id customerId } }', {
          i: { subject: `Case ${tag()}`, priority: 'MEDIUM', ...input, customerId: await customerId(input) },
        })
      ).openCase,
    newPartner: async (input = {}) =>
      (
        await ok<{ createPartner: NewPartner }>('mutation($i: CreatePartnerInput!) { createPartner(input: $i) { id name } }', {
          i: { name: `Partner ${tag()}`, ...input },
        })
      ).createPartner,
    leadConsent: async (leadId, status, input = {}) =>
      (
        await ok<{ recordConsent: { id: string } }>('mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }', {
          i: {
            person: { kind: 'LEAD', id: leadId },
            channel: 'EMAIL',
            status,
            source: 'WEB_FORM',
            lawfulBasis: 'CONSENT',
            textShown: status === 'GRANTED' ? 'Yes' : null,
            ...input,
          },
        })
      ).recordConsent,
  };
}
