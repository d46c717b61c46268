import { Anchor, Badge, Button, Card, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { Link } from 'react-router';
import type { Domain } from '../auth/console-config';
import { label } from '../format/format';
import { ErrorNotice } from '../graphql/error-notice';
import type { Connection, Pager } from '../layout/paged-table';
import { Snippet } from './snippet';

/** The field a knowledge search is typed in, saying what the search takes. */
export function ArticleSearchBox({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <TextInput
      type="search"
      label={label}
      description="Words, “quoted phrases”, or -excluded"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      w={360}
    />
  );
}

interface Hit {
  snippet: string;
  article: { id: string; title: string; visibility?: string };
}

/**
 * Knowledge search results, best first, the matching words marked: the console's search and the
 * customer portal's (which links to its own article page and has no visibility to show).
 */
export function SearchHits({
  query,
  connection,
  error,
  loading,
  fetchMore,
  articlePath,
  domain,
}: {
  query: string;
  connection: Connection<Hit> | undefined;
  error: unknown;
  loading: boolean;
  fetchMore: Pager['fetchMore'];
  articlePath: (id: string) => string;
  domain?: Domain;
}) {
  const hits = connection?.edges.map((e) => e.node) ?? [];
  const pageInfo = connection?.pageInfo;
  return (
    <Stack gap="sm" component="section" aria-label="Search results">
      <ErrorNotice error={error} domain={domain && { domain, access: 'read' }} />
      {loading && !connection && <Loader size="sm" role="progressbar" aria-label="Searching" />}
      {connection && hits.length === 0 && <Text c="dimmed">No published article matches “{query}”.</Text>}
      {hits.map((hit) => (
        <Card key={hit.article.id} withBorder padding="sm" component="article" aria-label={hit.article.title}>
          <Group justify="space-between">
            <Anchor component={Link} to={articlePath(hit.article.id)} fw={600}>
              {hit.article.title}
            </Anchor>
            {hit.article.visibility && <Badge variant="light">{label(hit.article.visibility)}</Badge>}
          </Group>
          <Text size="sm" data-testid="snippet">
            <Snippet html={hit.snippet} />
          </Text>
        </Card>
      ))}
      {pageInfo?.hasNextPage && (
        <Button variant="default" onClick={() => void fetchMore({ variables: { after: pageInfo.endCursor } })}>
          More results
        </Button>
      )}
    </Stack>
  );
}
