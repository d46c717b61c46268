import { testToken, ADMIN, type Caller } from './test-auth';

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; requestId?: string };
}

export interface GqlResponse<T> {
  data?: T | null;
  errors?: GqlError[];
}

export type Gql = <T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<GqlResponse<T>>;

/**
 * A plain GraphQL-over-HTTP client, as a frontend would call the graph. It sends an admin token
 * unless told to call as someone else (`null`: no token); an `authorization` header given per
 * call wins.
 */
export function graphqlClient(url: string, as: Caller = ADMIN): Gql {
  let token: Promise<string> | undefined;
  return async <T>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const auth: Record<string, string> = as ? { authorization: `Bearer ${await (token ??= testToken(as))}` } : {};
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResponse<T>;
  };
}
