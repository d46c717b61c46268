import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { relayStylePagination } from '@apollo/client/utilities';
import { session } from '../auth/session';
import { isUnauthenticated } from './errors';

/** Partial answers render: a subgraph that is down leaves its fields null and an error to show. */
export const PARTIAL_ANSWERS = { watchQuery: { errorPolicy: 'all' }, query: { errorPolicy: 'all' } } as const;

// Apollo Client 4 types the data of every query by the default error policy declared here.
/* eslint-disable @typescript-eslint/no-namespace -- augmenting Apollo's own namespaces is how it is declared */
declare module '@apollo/client' {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
    }
  }
}
/* eslint-enable @typescript-eslint/no-namespace */

/** The bearer token of the session, on every request; an UNAUTHENTICATED answer ends the session (back to sign-in). */
export function authLinks(): ApolloLink {
  const auth = new SetContextLink((prev) => {
    const token = session.get()?.token;
    return token ? { headers: { ...(prev.headers as Record<string, string>), authorization: `Bearer ${token}` } } : {};
  });
  const signOutOnExpiry = new ErrorLink(({ error }) => {
    if (isUnauthenticated(error)) session.signOut();
  });
  return ApolloLink.from([signOutOnExpiry, auth]);
}

export function createConsoleClient(): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([authLinks(), new HttpLink({ uri: '/graphql' })]),
    cache: new InMemoryCache({
      typePolicies: {
        Query: {
          fields: {
            customers: relayStylePagination(['filter', 'sort']),
            leads: relayStylePagination(['filter', 'sort']),
            partners: relayStylePagination(['filter', 'sort']),
            campaigns: relayStylePagination(['filter']),
            knowledgeArticles: relayStylePagination(['filter']),
            searchKnowledgeArticles: relayStylePagination(['query', 'categoryId', 'visibility']),
            myNotifications: relayStylePagination(['unreadOnly']),
            segments: relayStylePagination([]),
          },
        },
        // The intelligence object has no id: its lifetime value and its RFM come from two queries, kept together.
        Customer: { fields: { timeline: relayStylePagination([]), intelligence: { merge: true } } },
        Campaign: { fields: { members: relayStylePagination(['filter']) } },
        Segment: { fields: { members: relayStylePagination([]) } },
      },
    }),
    defaultOptions: PARTIAL_ANSWERS,
  });
}
