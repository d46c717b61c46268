import { ContactAdded, CustomerCreated, type LeadConverted, type PayloadOf } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { ContactRepository } from '../customers/contact.repository';
import { CustomerMergeRepository } from '../customers/customer-merge.repository';
import { CustomerRepository } from '../customers/customer.repository';
import { LifecycleStage } from '../customers/customer.enums';
import { ContactRole } from '../opportunities/opportunity.enums';
import { defaultCloseDate, UNPRICED_CURRENCY } from '../opportunities/opportunity-defaults';
import { OpportunityService } from '../opportunities/opportunity.service';
import { EMPTY_ACCOUNT } from '../customers/account-profile';

/**
 * Materialises a lead conversion: the customer, its contact and the optional opportunity, under the
 * ids marketing minted. Each row is inserted only when absent, and an event is published only for a
 * row this call created, so applying the same conversion again writes nothing.
 */
@Injectable()
export class LeadConversionService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly contacts: ContactRepository,
    private readonly merges: CustomerMergeRepository,
    private readonly opportunities: OpportunityService,
    private readonly events: EventPublisher,
  ) {}

  async apply(tx: Transaction, d: PayloadOf<typeof LeadConverted>): Promise<void> {
    // A lead converted onto a customer that was merged since belongs to the survivor.
    const customerId = (await this.merges.survivorOf(tx, d.customerId)) ?? d.customerId;
    const at = new Date(d.convertedAt);
    const createdCustomer = await this.customers.insertIfAbsent(tx, {
      ...EMPTY_ACCOUNT,
      id: customerId,
      name: d.customerName,
      kind: d.customerKind,
      domain: null,
      tier: null,
      ownerId: d.ownerId,
      tags: [],
      industry: null,
      size: null,
      website: null,
      // Converted with an opportunity in view, not yet buying.
      lifecycleStage: LifecycleStage.PROSPECT,
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
    });
    if (createdCustomer) {
      await this.events.publish(tx, CustomerCreated, {
        customerId,
        name: d.customerName,
        kind: d.customerKind,
        createdAt: at.toISOString(),
      });
    }
    const contact = {
      id: d.contact.contactId,
      customerId,
      firstName: d.contact.firstName,
      lastName: d.contact.lastName,
      email: d.contact.email.trim().toLowerCase() || null,
      phone: null,
      title: null,
      role: null,
      createdAt: at,
      updatedAt: at,
    };
    if (await this.contacts.insertIfAbsent(tx, contact)) {
      // Search and duplicate detection read the contact's email rows, not only its primary column.
      if (contact.email)
        await this.contacts.replaceEmails(tx, contact.id, [{ address: contact.email, type: 'WORK', isPrimary: true, position: 0 }]);
      await this.events.publish(tx, ContactAdded, {
        contactId: contact.id,
        customerId,
        fullName: `${contact.firstName} ${contact.lastName}`.trim(),
        email: contact.email,
        createdAt: at.toISOString(),
      });
    }
    if (d.opportunity) {
      // Idempotent by id: OpportunityService.open writes nothing (and publishes nothing) for an existing one.
      await this.opportunities.open(tx, {
        id: d.opportunity.opportunityId,
        customerId,
        name: d.opportunity.name,
        amount: d.opportunity.amount ?? { amount: '0', currency: UNPRICED_CURRENCY },
        closeDate: d.opportunity.closeDate ?? defaultCloseDate(at),
        ownerId: d.ownerId,
        partnerId: null,
        contacts: [{ contactId: contact.id, role: ContactRole.OTHER }],
        openedBy: d.convertedBy,
      });
    }
  }
}
