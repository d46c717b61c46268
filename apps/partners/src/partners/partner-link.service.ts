import type { Identity } from '@crm/auth';
import { PartnerLinkedToCustomer, PartnerUnlinkedFromCustomer } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, isUuid } from '@crm/graphql';
import { CustomerReferences, type CallerCredential } from '@crm/references';
import { Injectable } from '@nestjs/common';
import { CustomerAliasRepository } from '../customer-merges/customer-alias.repository';
import type { PartnerEntity } from './partner.entity';
import type { LinkPartnerInput } from './partner.input';
import { PartnerLinkRepository, type LinkWithCustomerName } from './partner-link.repository';
import { PartnerRepository } from './partner.repository';

/** Partners listed on a customer, and customers listed on a partner: the newest links, bounded. */
export const LINKS_PER_LIST = 100;

@Injectable()
export class PartnerLinkService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly partners: PartnerRepository,
    private readonly links: PartnerLinkRepository,
    private readonly events: EventPublisher,
    private readonly customers: CustomerReferences,
    private readonly aliases: CustomerAliasRepository,
  ) {}

  /**
   * Links a partner to a customer. Linking a pair again changes nothing and publishes nothing.
   * The customer must exist in sales (a merged-away one links its survivor); it is checked before
   * the transaction, so no connection waits on sales. A merge partners follows meanwhile moves the
   * link to the survivor (the alias, read under the customer's lock).
   */
  async link(caller: Identity, input: LinkPartnerInput, credential: CallerCredential): Promise<PartnerEntity> {
    const resolved = await this.customers.resolve(input.customerId, 'customerId', credential);
    return this.uow.run(caller, async (tx) => {
      const partner = await this.partners.findById(tx, input.partnerId);
      if (!partner) throw new NotFoundError('Partner', input.partnerId);
      const customerId = await this.aliases.current(tx, resolved);
      const linkedAt = new Date();
      const isNew = await this.links.insertIfAbsent(tx, { partnerId: partner.id, customerId, linkedAt });
      if (isNew) {
        await this.events.publish(tx, PartnerLinkedToCustomer, {
          partnerId: partner.id,
          customerId,
          partnerName: partner.name,
          linkedAt: linkedAt.toISOString(),
        });
      }
      return partner;
    });
  }

  /**
   * Ends the partner's work with the customer. Unlinking a pair that is not linked changes nothing
   * and publishes nothing, as linking twice does; the customer is not looked up in sales, so a
   * link to a customer sales has since deleted can still be removed.
   */
  unlink(caller: Identity, input: LinkPartnerInput): Promise<PartnerEntity> {
    return this.uow.run(caller, async (tx) => {
      const partner = await this.partners.findById(tx, input.partnerId);
      if (!partner) throw new NotFoundError('Partner', input.partnerId);
      if (await this.links.delete(tx, partner.id, input.customerId)) {
        await this.events.publish(tx, PartnerUnlinkedFromCustomer, {
          partnerId: partner.id,
          customerId: input.customerId,
          partnerName: partner.name,
          unlinkedAt: new Date().toISOString(),
        });
      }
      return partner;
    });
  }

  /** For DataLoader: each customer's most recently linked partners, in one statement; a key that is no UUID has none. */
  async partnersByCustomerIds(caller: Identity, customerIds: readonly string[]): Promise<PartnerEntity[][]> {
    const valid = customerIds.filter(isUuid);
    const rows = valid.length ? await this.uow.run(caller, (tx) => this.links.newestPartnersByCustomerIds(tx, valid, LINKS_PER_LIST)) : [];
    return groupByKeys(customerIds, rows, (r) => r.customerId).map((list) => list.map((r) => r.partner));
  }

  /** For DataLoader: each partner's most recent customer links, in one statement. */
  async linksByPartnerIds(caller: Identity, partnerIds: readonly string[]): Promise<LinkWithCustomerName[][]> {
    const rows = await this.uow.run(caller, (tx) => this.links.newestLinksByPartnerIds(tx, partnerIds, LINKS_PER_LIST));
    return groupByKeys(partnerIds, rows, (l) => l.link.partnerId);
  }
}
