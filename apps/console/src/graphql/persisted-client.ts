import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, type TypePolicies } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import type { DocumentNode } from 'graphql';
import { authLinks, PARTIAL_ANSWERS } from './client';

/**
 * A client of a contract endpoint (/partner/graphql, /portal/graphql), which runs nothing but its
 * safelist: each operation goes by the hash Code Generator gave it (the safelist's key), never as
 * free text.
 */
export function createPersistedClient(uri: '/partner/graphql' | '/portal/graphql', typePolicies: TypePolicies = {}): ApolloClient {
  const persisted = new PersistedQueryLink({
    generateHash: (document: DocumentNode) => {
      const hash = (document as DocumentNode & { __meta__?: { hash?: string } }).__meta__?.hash;
      if (!hash) throw new Error(`${uri} is sent only generated operations (they carry their safelist hash)`);
      return hash;
    },
    // The endpoint never learns a query it does not know: sending the text again would not help.
    retry: () => false,
  });
  return new ApolloClient({
    link: ApolloLink.from([authLinks(), persisted, new HttpLink({ uri })]),
    cache: new InMemoryCache({ typePolicies }),
    defaultOptions: PARTIAL_ANSWERS,
  });
}
