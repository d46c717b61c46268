import type { Logger } from '@crm/observability';
import type { CallerCredential } from './caller-credential';
import type { CustomerReferencesConfig } from './references.options';

/** Sales did not give an answer: down, too slow, or it refused the question. */
export class CustomerOwnerUnavailableError extends Error {}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
}

/**
 * One question to sales' subgraph, with the caller's own token (no service holds a credential of
 * its own). Any transport failure, timeout or GraphQL error is CustomerOwnerUnavailableError: the
 * caller refuses its write rather than writing against an unchecked id.
 */
export async function askSales<T>(
  config: CustomerReferencesConfig,
  logger: Logger,
  request: { query: string; variables: Record<string, unknown>; about: string },
  caller: CallerCredential,
): Promise<T> {
  let answer: GraphQLAnswer<T>;
  try {
    const res = await fetch(config.SALES_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(caller.authorization ? { authorization: caller.authorization } : {}) },
      body: JSON.stringify({ query: request.query, variables: request.variables }),
      signal: AbortSignal.timeout(config.REFERENCE_LOOKUP_TIMEOUT_MS),
    });
    answer = (await res.json()) as GraphQLAnswer<T>;
  } catch (err) {
    logger.warn({ err, about: request.about }, 'sales did not answer a reference lookup');
    throw new CustomerOwnerUnavailableError('sales did not answer');
  }
  if (answer.errors?.length || !answer.data) {
    logger.warn({ about: request.about, errors: answer.errors }, 'sales refused a reference lookup');
    throw new CustomerOwnerUnavailableError('sales refused the lookup');
  }
  return answer.data;
}
