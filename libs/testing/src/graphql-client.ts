export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string };
}

export interface GqlResponse<T> {
  data?: T | null;
  errors?: GqlError[];
}

export type Gql = <T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<GqlResponse<T>>;

/** A plain GraphQL-over-HTTP client, as a frontend would call the graph. */
export function graphqlClient(url: string): Gql {
  return async <T>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResponse<T>;
  };
}
