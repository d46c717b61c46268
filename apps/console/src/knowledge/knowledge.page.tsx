import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from 'react-router';
import { formatDateTime, label } from '../format/format';
import { graphql } from '../gql';
import type { ArticleStatus, KnowledgeArticlesQuery } from '../gql/graphql';
import { listColumns, options, PagedTable } from '../layout/paged-table';
import { useUrlParams } from '../layout/url-params';
import { ArticleSearchBox, SearchHits } from './search-hits';

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
  return (
    <SearchHits
      query={query}
      connection={data?.searchKnowledgeArticles}
      error={error}
      loading={loading}
      fetchMore={fetchMore}
      articlePath={(id) => `/knowledge/${id}`}
      domain="service"
    />
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
        <ArticleSearchBox label="Search published articles" value={typed} onChange={(v) => set('q', v || null)} />
        {!query && (
          <Select label="Status" placeholder="Any" clearable data={options(STATUSES)} value={status} onChange={(v) => set('status', v)} />
        )}
      </Group>
      {query ? <SearchResults query={query} /> : <AllArticles status={status} />}
    </Stack>
  );
}
