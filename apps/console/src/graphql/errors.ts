import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import type { GraphQLFormattedError } from 'graphql';
import { accessMatrix, type Domain } from '../auth/console-config';
import { session } from '../auth/session';

/** The errors of a failed or partial answer, whatever the transport made of them. */
export function graphqlErrors(error: unknown): readonly GraphQLFormattedError[] {
  if (CombinedGraphQLErrors.is(error)) return error.errors;
  if (ServerError.is(error)) {
    try {
      const body = JSON.parse(error.bodyText) as { errors?: GraphQLFormattedError[] };
      if (Array.isArray(body.errors)) return body.errors;
    } catch {
      // Not JSON: answered below from the status.
    }
    return [{ message: `The server answered HTTP ${error.statusCode}`, extensions: { code: `HTTP_${error.statusCode}` } }];
  }
  if (error instanceof Error) return [{ message: `The request failed: ${error.message}` }];
  return [];
}

export const codeOf = (e: GraphQLFormattedError): string | undefined =>
  typeof e.extensions?.code === 'string' ? e.extensions.code : undefined;

export function isUnauthenticated(error: unknown): boolean {
  if (ServerError.is(error) && error.statusCode === 401) return true;
  return graphqlErrors(error).some((e) => codeOf(e) === 'UNAUTHENTICATED');
}

/** "admin or sales": the roles that may read (or write) a domain, from the platform's access matrix. */
export function rolesNeeded(domain: Domain, access: 'read' | 'write'): string {
  const roles = accessMatrix?.[domain][access] ?? [];
  return roles.length ? roles.join(' or ') : 'a role you do not have';
}

/** What a person can read about one error: the role needed, what is missing, what to fix. */
export function describe(e: GraphQLFormattedError, domain?: { domain: Domain; access: 'read' | 'write' }): string {
  switch (codeOf(e)) {
    case 'FORBIDDEN': {
      const mine = session.get()?.roles.join(', ') ?? 'none';
      return domain
        ? `This needs the ${rolesNeeded(domain.domain, domain.access)} role; you are signed in as ${mine}.`
        : `Your role (${mine}) may not do this.`;
    }
    case 'SERVICE_UNAVAILABLE':
      return `${missingPart(e)} could not be loaded right now; the rest of the page is shown.`;
    case 'NOT_FOUND':
      return 'Not found.';
    case 'UNAUTHENTICATED':
      return 'Your session has ended; sign in again.';
    default:
      return e.message;
  }
}

/** "Cases" for an error at customer.cases: the part of the page a down subgraph left empty. */
export function missingPart(e: GraphQLFormattedError): string {
  const named = [...(e.path ?? [])].reverse().find((p): p is string => typeof p === 'string');
  if (!named) return 'Part of this page';
  const words = named.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** BAD_USER_INPUT errors by the full path of the input field they name (`rule.all.1.value`), each without that path's prefix. */
export function inputErrorsByPath(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of graphqlErrors(error)) {
    const field = e.extensions?.field;
    if (codeOf(e) === 'BAD_USER_INPUT' && typeof field === 'string') {
      out[field] = e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message;
    }
  }
  return out;
}

/** BAD_USER_INPUT errors by the input field they name (`extensions.field`, its last part), for showing beside that field. */
export function fieldErrors(error: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(inputErrorsByPath(error)).map(([field, message]) => [field.split('.').pop()!, message]));
}
