import { InvalidError, NotFoundError, UnavailableError } from '@crm/domain';
import { Injectable } from '@nestjs/common';
import type { CallerCredential } from './caller-credential';
import { CustomerOwnerClient, CustomerOwnerUnavailableError } from './customer-owner.client';
import { KnownContactRepository } from './known-contact.repository';

/**
 * Checks that a contact id a write names is a live contact of the customer the write is about:
 * known_contact first, sales on anything but a match (events lag: a contact added or moved a
 * moment ago is accepted before its event arrives).
 */
@Injectable()
export class ContactReferences {
  constructor(
    private readonly known: KnownContactRepository,
    private readonly owner: CustomerOwnerClient,
  ) {}

  /**
   * NOT_FOUND on `field` for a contact sales does not have; BAD_USER_INPUT on `field` for one of
   * another customer; SERVICE_UNAVAILABLE on `field` when sales cannot be asked.
   */
  async check(contactId: string, customerId: string, field: string, caller: CallerCredential): Promise<void> {
    const row = await this.known.find(contactId);
    if (row && !row.deletedAt && row.customerId === customerId) return;
    let owner: string | null;
    try {
      owner = await this.owner.contactCustomerId(contactId, caller);
    } catch (e) {
      if (!(e instanceof CustomerOwnerUnavailableError)) throw e;
      throw new UnavailableError(field, `contact ${contactId} could not be checked now (sales did not answer); try again`);
    }
    if (!owner) throw new NotFoundError('Contact', contactId, field);
    if (owner !== customerId) {
      throw new InvalidError(field, `contact ${contactId} is not a contact of customer ${customerId}, the case's customer`);
    }
  }
}
