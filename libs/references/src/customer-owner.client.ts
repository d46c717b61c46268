import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { LOGGER, type Logger } from '@crm/observability';
import { Inject, Injectable } from '@nestjs/common';
import type { CallerCredential } from './caller-credential';
import type { CustomerReferencesConfig } from './references.options';

/** Sales did not give an answer: down, too slow, or it refused the question. */
export class CustomerOwnerUnavailableError extends Error {}

const ENTITIES_QUERY =
  'query CustomerExists($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { id } } }';

interface EntitiesAnswer {
  data?: { _entities?: ({ id?: unknown } | null)[] } | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
}

/**
 * Asks sales, the owner of customers, whether one exists now: its subgraph's `_entities`, as the
 * gateway would, with the caller's own token. Sales answers null for an id it never had, a
 * soft-deleted one and a merged-away one.
 */
@Injectable()
export class CustomerOwnerClient {
  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: CustomerReferencesConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async exists(customerId: string, caller: CallerCredential): Promise<boolean> {
    let answer: EntitiesAnswer;
    try {
      const res = await fetch(this.config.SALES_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(caller.authorization ? { authorization: caller.authorization } : {}) },
        body: JSON.stringify({ query: ENTITIES_QUERY, variables: { representations: [{ __typename: 'Customer', id: customerId }] } }),
        signal: AbortSignal.timeout(this.config.REFERENCE_LOOKUP_TIMEOUT_MS),
      });
      answer = (await res.json()) as EntitiesAnswer;
    } catch (err) {
      this.logger.warn({ err, customerId }, 'sales did not answer a customer lookup');
      throw new CustomerOwnerUnavailableError('sales did not answer');
    }
    const entities = answer.data?._entities;
    if (answer.errors?.length || !Array.isArray(entities) || entities.length !== 1) {
      this.logger.warn({ customerId, errors: answer.errors }, 'sales refused a customer lookup');
      throw new CustomerOwnerUnavailableError('sales refused the lookup');
    }
    return entities[0] != null;
  }
}
