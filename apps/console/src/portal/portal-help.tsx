import { useQuery } from '@apollo/client/react';
import { Anchor, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../format/format';
import { ErrorNotice } from '../graphql/error-notice';
import { ArticleSearchBox, SearchHits } from '../knowledge/search-hits';
import { PageLoader } from '../layout/page-loader';
import { listColumns, PagedTable } from '../layout/paged-table';
import { RecordMissing } from '../layout/record-parts';
import { useUrlParams } from '../layout/url-params';
import type { PortalArticlesQuery } from './gql/graphql';
import { PORTAL_ARTICLE, PORTAL_ARTICLES, PORTAL_CATEGORIES, PORTAL_SEARCH_ARTICLES } from './portal-operations';

type Row = PortalArticlesQuery['knowledgeArticles']['edges'][number]['node'];
const col = listColumns<Row>();
const columns = col.columns([
  col.accessor('title', {
    header: 'Article',
    cell: (info) => (
      <Anchor component={Link} to={`/portal/help/${info.row.original.id}`}>
        {info.getValue()}
      </Anchor>
    ),
  }),
  col.accessor('publishedAt', { header: 'Published', cell: (info) => formatDateTime(info.getValue()) }),
]);

function Results({ query, categoryId }: { query: string; categoryId: string | null }) {
  const { data, error, loading, fetchMore } = useQuery(PORTAL_SEARCH_ARTICLES, { variables: { query, categoryId, first: 20 } });
  return (
    <SearchHits
      query={query}
      connection={data?.searchKnowledgeArticles}
      error={error}
      loading={loading}
      fetchMore={fetchMore}
      articlePath={(id) => `/portal/help/${id}`}
    />
  );
}

function Latest({ categoryId }: { categoryId: string | null }) {
  // The endpoint answers a customer only the published, public articles: no status filter is needed.
  const { data, error, loading, fetchMore } = useQuery(PORTAL_ARTICLES, {
    variables: { first: 20, filter: categoryId ? { categoryId } : {} },
  });
  return (
    <PagedTable
      label="Help articles"
      columns={columns}
      connection={data?.knowledgeArticles}
      rowKey={(r) => r.id}
      error={error}
      loading={loading}
      fetchMore={fetchMore}
      empty="No help articles yet."
    />
  );
}

/** The published help articles: searched by words, or listed, in a category or all. */
export function PortalHelpPage() {
  const { params, set } = useUrlParams();
  const typed = params.get('q') ?? '';
  const [query] = useDebouncedValue(typed.trim(), 300);
  const categoryId = params.get('category');
  const categories = useQuery(PORTAL_CATEGORIES, { variables: { first: 100 } });
  return (
    <Stack>
      <Title order={1} size="h2">
        Help articles
      </Title>
      <Group align="end">
        <ArticleSearchBox label="Search help articles" value={typed} onChange={(v) => set('q', v || null)} />
        <Select
          label="Category"
          placeholder="Any"
          clearable
          data={categories.data?.knowledgeCategories.edges.map(({ node }) => ({ value: node.id, label: node.name })) ?? []}
          value={categoryId}
          onChange={(v) => set('category', v)}
        />
      </Group>
      <ErrorNotice error={categories.error} />
      {query ? <Results query={query} categoryId={categoryId} /> : <Latest categoryId={categoryId} />}
    </Stack>
  );
}

export function PortalArticlePage() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(PORTAL_ARTICLE, { variables: { id } });
  const a = data?.knowledgeArticle;
  if (loading && !a) return <PageLoader />;
  if (!a) return <RecordMissing what="Article" error={error} />;
  return (
    <Stack component="article" aria-label={a.title}>
      <Title order={1} size="h2">
        {a.title}
      </Title>
      <Text size="sm" c="dimmed">
        Published {formatDateTime(a.publishedAt)} · updated {formatDateTime(a.updatedAt)}
      </Text>
      <Text style={{ whiteSpace: 'pre-wrap' }}>{a.body}</Text>
      <Anchor component={Link} to="/portal/help">
        Back to the help articles
      </Anchor>
    </Stack>
  );
}
