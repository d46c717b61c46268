import { ApolloProvider } from '@apollo/client/react';
import { relayStylePagination } from '@apollo/client/utilities';
import { Text } from '@mantine/core';
import { useMemo } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { createPersistedClient } from '../graphql/persisted-client';
import { Shell } from '../layout/shell';
import { PortalArticlePage, PortalHelpPage } from './portal-help';
import { NewCasePage, PortalCasePage, PortalCasesPage } from './portal-cases';
import { PortalReturnPage, PortalReturnsPage } from './portal-returns';

const NAV = [
  { to: '/portal/cases', label: 'My cases' },
  { to: '/portal/returns', label: 'My returns' },
  { to: '/portal/new-case', label: 'Ask for help' },
  { to: '/portal/help', label: 'Help articles' },
];

/**
 * The customer self-service portal: a contact's own cases, their replies, returns and the published
 * help articles, through /portal/graphql and its safelist only (the contract has no internal note,
 * queue or assignee to show).
 */
export default function CustomerPortal() {
  const client = useMemo(
    () =>
      createPersistedClient('/portal/graphql', {
        Query: {
          fields: {
            cases: relayStylePagination(['filter']),
            caseReturns: relayStylePagination(['filter']),
            knowledgeArticles: relayStylePagination(['filter']),
            searchKnowledgeArticles: relayStylePagination(['query', 'categoryId']),
          },
        },
      }),
    [],
  );
  return (
    <ApolloProvider client={client}>
      <Shell title="Customer portal" nav={NAV}>
        <Routes>
          <Route index element={<Navigate to="cases" replace />} />
          <Route path="cases" element={<PortalCasesPage />} />
          <Route path="cases/:id" element={<PortalCasePage />} />
          <Route path="returns" element={<PortalReturnsPage />} />
          <Route path="returns/:id" element={<PortalReturnPage />} />
          <Route path="new-case" element={<NewCasePage />} />
          <Route path="help" element={<PortalHelpPage />} />
          <Route path="help/:id" element={<PortalArticlePage />} />
          <Route path="*" element={<Text>Page not found.</Text>} />
        </Routes>
      </Shell>
    </ApolloProvider>
  );
}
