import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { label } from '../format/format';
import { graphql } from '../gql';
import { ErrorNotice } from '../graphql/error-notice';

/** A few to read while answering; the API gives at most 10. */
const SUGGESTIONS = 5;

const SUGGESTED_ARTICLES = graphql(`
  query CaseSuggestedArticles($id: ID!, $first: Int!) {
    case(id: $id) {
      id
      suggestedArticles(first: $first) {
        id
        title
        visibility
      }
    }
  }
`);

/**
 * Published articles matching the case's subject and description, best first, in a query of their
 * own: the case and its thread show at once, and a failed search leaves them working.
 */
export function SuggestedArticles({ caseId }: { caseId: string }) {
  const { data, error, loading } = useQuery(SUGGESTED_ARTICLES, { variables: { id: caseId, first: SUGGESTIONS } });
  const articles = data?.case?.suggestedArticles;
  return (
    <Card withBorder component="section" aria-label="Suggested articles">
      <Title order={2} size="h4" mb="xs">
        Suggested articles
      </Title>
      {loading && !articles && <Loader size="sm" role="progressbar" aria-label="Loading the suggestions" />}
      {articles?.length === 0 && <Text c="dimmed">No published article matches this case.</Text>}
      <Stack gap={6} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {articles?.map((a) => (
          <Group key={a.id} component="li" justify="space-between" wrap="nowrap">
            <Anchor component={Link} to={`/knowledge/${a.id}`}>
              {a.title}
            </Anchor>
            <Badge variant="light" size="sm">
              {label(a.visibility)}
            </Badge>
          </Group>
        ))}
      </Stack>
      <ErrorNotice error={error} domain={{ domain: 'service', access: 'read' }} />
    </Card>
  );
}
