import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { LeadCaptured, LeadConverted } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, isUuid, type ConnectionShape } from '@crm/graphql';
import { CustomerReferences, type CallerCredential } from '@crm/references';
import { Injectable } from '@nestjs/common';
import type { LeadEntity } from './lead.entity';
import { LeadStatus } from './lead.enums';
import { ConvertedCustomerKind, type ConvertLeadInput } from './lead-conversion.input';
import type { CaptureLeadInput, LeadsArgs } from './lead.input';
import { companyDomainOf } from './company-domain';
import { LEAD_CURSORS, LeadRepository } from './lead.repository';

/** Leads listed on a customer: the newest ones, bounded so a customer with thousands stays cheap. */
export const LEADS_PER_CUSTOMER = 100;

@Injectable()
export class LeadService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly leads: LeadRepository,
    private readonly events: EventPublisher,
    private readonly customers: CustomerReferences,
  ) {}

  /** Creates the lead, or updates the one with the same email; either way one LeadCaptured event. */
  async capture(caller: Identity, input: CaptureLeadInput, credential: CallerCredential): Promise<LeadEntity> {
    // A named customer must exist in sales; checked before the transaction, so no connection waits on sales.
    const customerId = input.customerId ? await this.customers.resolve(input.customerId, 'customerId', credential) : null;
    return this.uow.run(caller, async (tx) => (await this.captureIn(tx, { ...input, customerId }, new Date())).lead);
  }

  /**
   * The capture inside a caller's transaction (a form post captures and records its submission in
   * one): upsert by email and LeadCaptured. `customerId` must already be checked.
   */
  async captureIn(
    tx: Transaction,
    input: Pick<LeadEntity, 'email' | 'name' | 'source'> & { company?: string | null; customerId?: string | null },
    now: Date,
  ): Promise<{ lead: LeadEntity; inserted: boolean }> {
    const candidate: LeadEntity = {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      company: input.company ?? null,
      source: input.source,
      status: LeadStatus.NEW,
      ownerId: null,
      title: null,
      country: null,
      industry: null,
      employeeCount: null,
      sourceFormId: null,
      sourceCampaignId: null,
      sourceReferral: null,
      tags: [],
      unqualifiedReason: null,
      companyDomain: companyDomainOf(input.email),
      customerId: input.customerId ?? null,
      convertedAt: null,
      convertedContactId: null,
      convertedOpportunityId: null,
      createdAt: now,
      updatedAt: now,
    };
    const { lead, inserted } = await this.leads.upsertByEmail(tx, candidate);
    await this.events.publish(tx, LeadCaptured, {
      leadId: lead.id,
      customerId: lead.customerId,
      email: lead.email,
      name: lead.name,
      company: lead.company,
      source: lead.source,
      status: lead.status,
      isNew: inserted,
      capturedAt: now.toISOString(),
    });
    return { lead, inserted };
  }

  /**
   * Mints the customer, contact and opportunity ids, marks the lead converted and publishes
   * lead.converted, in one transaction. Sales creates the records from the event; because the ids
   * travel with it, applying it again creates nothing new.
   */
  convert(
    input: ConvertLeadInput,
    who: Identity,
  ): Promise<{ lead: LeadEntity; customerId: string; contactId: string; opportunityId: string | null }> {
    return this.uow.run(who, async (tx) => {
      const lead = await this.leads.lockById(tx, input.leadId);
      if (!lead) throw new NotFoundError('Lead', input.leadId);
      if (lead.status === LeadStatus.CONVERTED) throw new InvalidError('leadId', 'the lead is already converted');
      const now = new Date();
      const customerId = lead.customerId ?? randomUUID();
      const contactId = randomUUID();
      const opportunityId = input.opportunity ? randomUUID() : null;
      const [firstName, lastName] = splitName(lead.name);
      const converted = await this.leads.markConverted(tx, lead.id, { customerId, contactId, opportunityId, at: now });
      await this.leads.addStatusChange(tx, {
        id: randomUUID(),
        leadId: lead.id,
        fromStatus: lead.status,
        toStatus: LeadStatus.CONVERTED,
        reason: null,
        changedBy: who.userId,
        changedAt: now,
      });
      await this.events.publish(tx, LeadConverted, {
        leadId: lead.id,
        customerId,
        existingCustomer: lead.customerId !== null,
        customerName: input.customerName ?? lead.company ?? lead.name,
        customerKind: input.customerKind ?? (lead.company ? ConvertedCustomerKind.COMPANY : ConvertedCustomerKind.PERSON),
        contact: { contactId, firstName, lastName, email: lead.email },
        opportunity:
          input.opportunity && opportunityId
            ? {
                opportunityId,
                name: input.opportunity.name,
                amount: input.opportunity.amount ?? null,
                closeDate: input.opportunity.closeDate ?? null,
              }
            : null,
        ownerId: input.ownerId ?? who.userId,
        convertedBy: who.userId,
        convertedAt: now.toISOString(),
      });
      return { lead: converted, customerId, contactId, opportunityId };
    });
  }

  /** For DataLoader: results in the order of `ids`, null where there is no such lead. */
  async findByIds(ids: readonly string[]): Promise<(LeadEntity | null)[]> {
    const byId = new Map((await this.leads.findByIds(ids)).map((l) => [l.id, l]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async page(args: LeadsArgs): Promise<ConnectionShape<LeadEntity>> {
    return LEAD_CURSORS.page(args, (q) => this.leads.page({ ...q, filter: args.filter ?? {} }));
  }

  /** For DataLoader: each customer's newest leads, in one statement; a key that is no UUID has none. */
  async newestByCustomerIds(customerIds: readonly string[]): Promise<LeadEntity[][]> {
    const valid = customerIds.filter(isUuid);
    const rows = valid.length ? await this.leads.newestByCustomerIds(valid, LEADS_PER_CUSTOMER) : [];
    return groupByKeys(customerIds, rows, (l) => l.customerId ?? '');
  }
}

/** "Ada King Lovelace" → ["Ada King", "Lovelace"]; a single word is a first name. */
function splitName(name: string): [string, string] {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return [parts[0] ?? name, ''];
  return [parts.slice(0, -1).join(' '), parts[parts.length - 1]!];
}
