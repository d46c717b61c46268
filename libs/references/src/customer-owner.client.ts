import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { LOGGER, type Logger } from '@crm/observability';
import { Inject, Injectable } from '@nestjs/common';
import type { CallerCredential } from './caller-credential';
import { askSales, CustomerOwnerUnavailableError } from './sales-lookup';
import type { CustomerReferencesConfig } from './references.options';

export { CustomerOwnerUnavailableError } from './sales-lookup';

const ENTITIES_QUERY =
  'query CustomerExists($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id } } }';

const PRODUCT_QUERY = 'query ProductExists($id: ID!) { product(id: $id) { id } }';

const CONTACT_QUERY = 'query ContactOwner($id: ID!) { contact(id: $id) { id customerId } }';

/**
 * Asks sales, the owner of customers and products, whether one exists now, with the caller's own
 * token. For a customer: its subgraph's `_entities`, as the gateway would; sales answers null for
 * an id it never had, a soft-deleted one and a merged-away one. For a product or a contact (not
 * entities sales shares by key): its `product(id)` and `contact(id)` queries.
 */
@Injectable()
export class CustomerOwnerClient {
  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: CustomerReferencesConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async exists(customerId: string, caller: CallerCredential): Promise<boolean> {
    const data = await askSales<{ _entities?: unknown }>(
      this.config,
      this.logger,
      {
        query: ENTITIES_QUERY,
        variables: { representations: [{ __typename: 'Customer', id: customerId }] },
        about: `customer ${customerId}`,
      },
      caller,
    );
    const entities = data._entities;
    if (!Array.isArray(entities) || entities.length !== 1) {
      this.logger.warn({ customerId }, 'sales answered a customer lookup with something else');
      throw new CustomerOwnerUnavailableError('sales refused the lookup');
    }
    return entities[0] != null;
  }

  async productExists(productId: string, caller: CallerCredential): Promise<boolean> {
    const data = await askSales<{ product?: { id?: unknown } | null }>(
      this.config,
      this.logger,
      { query: PRODUCT_QUERY, variables: { id: productId }, about: `product ${productId}` },
      caller,
    );
    return data.product != null;
  }

  /** The customer the contact belongs to now, or null when sales has no such contact. */
  async contactCustomerId(contactId: string, caller: CallerCredential): Promise<string | null> {
    const data = await askSales<{ contact?: { customerId?: unknown } | null }>(
      this.config,
      this.logger,
      { query: CONTACT_QUERY, variables: { id: contactId }, about: `contact ${contactId}` },
      caller,
    );
    return typeof data.contact?.customerId === 'string' ? data.contact.customerId : null;
  }
}
