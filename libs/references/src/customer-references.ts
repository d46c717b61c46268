import { NotFoundError, UnavailableError } from '@crm/domain';
import { Injectable } from '@nestjs/common';
import type { CallerCredential } from './caller-credential';
import { CustomerOwnerClient, CustomerOwnerUnavailableError } from './customer-owner.client';
import { KnownCustomerState } from './known-customer.entity';
import { KnownCustomerRepository } from './known-customer.repository';

/**
 * Checks a customer id that a write names, before the write: the local read model first (no call
 * to sales for a customer it already knows is live), sales itself on a miss, so a customer created
 * a moment ago is accepted before its event arrives, and a customer that never existed or is
 * deleted is refused. A merged-away id resolves to the customer it was merged into.
 */
@Injectable()
export class CustomerReferences {
  constructor(
    private readonly known: KnownCustomerRepository,
    private readonly owner: CustomerOwnerClient,
  ) {}

  /**
   * The customer id to store for `customerId`: itself, or the survivor of its merge. A customer
   * that does not exist is NOT_FOUND on `field`; when sales cannot be asked, SERVICE_UNAVAILABLE on
   * `field`: the write is refused, never written against an unchecked id.
   */
  async resolve(customerId: string, field: string, caller: CallerCredential): Promise<string> {
    const row = await this.known.find(customerId);
    if (row?.state === KnownCustomerState.LIVE) return customerId;
    // One hop: survivors are kept at the end of their merge chain.
    const candidate = row?.state === KnownCustomerState.MERGED && row.survivorId ? row.survivorId : customerId;
    if (candidate !== customerId && (await this.known.find(candidate))?.state === KnownCustomerState.LIVE) return candidate;
    // Unknown here, or deleted here (it may have been restored since): sales has the last word.
    let exists: boolean;
    try {
      exists = await this.owner.exists(candidate, caller);
    } catch (e) {
      if (!(e instanceof CustomerOwnerUnavailableError)) throw e;
      throw new UnavailableError(field, `customer ${customerId} could not be checked now (sales did not answer); try again`);
    }
    if (!exists) throw new NotFoundError('Customer', customerId, field);
    return candidate;
  }
}
