import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Card, Group, Loader, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from 'react-router';
import { formatDateTime, label } from '../format/format';
import { graphql } from '../gql';
import type { ArticleStatus, KnowledgeArticlesQuery } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { listColumns, options, PagedTable } from '../layout/paged-table';
import { useUrlParams } from '../layout/url-params';
import { Snippet } from './snippet';

const SEARCH = graphql(`
  query SearchKnowledge($query: String!, $first: Int!, $after: String) {
    searchKnowledgeArticles(query: $query, first: $first, after: $after) {
      edges {
        cursor
        node {
          snippet
          score
          article {
            id
            title
            visibility
            publishedAt
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const ARTICLES = graphql(`
  query KnowledgeArticles($first: Int!, $after: String, $filter: KnowledgeArticleFilter) {
    knowledgeArticles(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          title
          status
          visibility
          latestVersion
          publishedVersion
          updatedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type Row = KnowledgeArticlesQuery['knowledgeArticles']['edges'][number]['node'];
const STATUSES: ArticleStatus[] = ['DRAFT', 'PUBLISHED', 'ARCHIVED'];

const col = listColumns<Row>();
const columns = col.columns([
  col.accessor('title', {
    header: 'Title',
    cell: (info) => (
      <Anchor component={Link} to={`/knowledge/${info.row.original.id}`}>
        {info.getValue()}
      </Anchor>
    ),
  }),
  col.accessor('status', {
    header: 'Status',
    cell: (info) => {
      const a = info.row.original;
      const waiting = a.publishedVersion !== null && a.publishedVersion !== undefined && a.latestVersion > a.publishedVersion;
      return (
        <>
          <Badge variant="light">{label(info.getValue())}</Badge>
          {waiting && (
            <Text span size="xs" ml={4}>
              draft waiting
            </Text>
          )}
        </>
      );
    },
  }),
  col.accessor('visibility', { header: 'Visibility', cell: (info) => label(info.getValue()) }),
  col.accessor('updatedAt', { header: 'Changed', cell: (info) => formatDateTime(info.getValue()) }),
]);

function SearchResults({ query }: { query: string }) {
  const { data, error, loading, fetchMore } = useQuery(SEARCH, { variables: { query, first: 20 } });
  const hits = data?.searchKnowledgeArticles.edges.map((e) => e.node) ?? [];
  const pageInfo = data?.searchKnowledgeArticles.pageInfo;
  return (
    <Stack gap="sm" component="section" aria-label="Search results">
      <ErrorNotice error={error} domain={{ domain: 'service', access: 'read' }} />
      {loading && !data && <Loader size="sm" aria-label="Searching" />}
      {data && hits.length === 0 && <Text c="dimmed">No published article matches “{query}”.</Text>}
      {hits.map((hit) => (
        <Card key={hit.article.id} withBorder padding="sm" component="article" aria-label={hit.article.title}>
          <Group justify="space-between">
            <Anchor component={Link} to={`/knowledge/${hit.article.id}`} fw={600}>
              {hit.article.title}
            </Anchor>
            <Badge variant="light">{label(hit.article.visibility)}</Badge>
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

function AllArticles({ status }: { status: ArticleStatus | null }) {
  const { data, error, loading, fetchMore } = useQuery(ARTICLES, { variables: { first: 50, filter: status ? { status } : {} } });
  return (
    <PagedTable
      label="Articles"
      columns={columns}
      connection={data?.knowledgeArticles}
      rowKey={(r) => r.id}
      error={error}
      domain="service"
      loading={loading}
      fetchMore={fetchMore}
      empty="No articles yet."
    />
  );
}

/** The knowledge base: full-text search of what is published, or every article (drafts included) to work on. */
export default function KnowledgePage() {
  const { params, set } = useUrlParams();
  const typed = params.get('q') ?? '';
  const [query] = useDebouncedValue(typed.trim(), 300);
  const status = params.get('status') as ArticleStatus | null;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Knowledge base
        </Title>
        <Button component={Link} to="/knowledge/new">
          New article
        </Button>
      </Group>
      <Group align="end">
        <TextInput
          type="search"
          label="Search published articles"
          description="Words, “quoted phrases”, or -excluded"
          value={typed}
          onChange={(e) => set('q', e.currentTarget.value || null)}
          w={360}
        />
        {!query && (
          <Select label="Status" placeholder="Any" clearable data={options(STATUSES)} value={status} onChange={(v) => set('status', v)} />
        )}
      </Group>
      {query ? <SearchResults query={query} /> : <AllArticles status={status} />}
    </Stack>
  );
}
