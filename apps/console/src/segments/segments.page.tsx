import { useQuery } from '@apollo/client/react';
import { Anchor, Button, Group, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime } from '../format/format';
import { graphql } from '../gql';
import type { SegmentsQuery } from '../gql/graphql';
import { listColumns, PagedTable } from '../layout/paged-table';

const SEGMENTS = graphql(`
  query Segments($first: Int!, $after: String) {
    segments(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          description
          memberCount
          definedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type Row = SegmentsQuery['segments']['edges'][number]['node'];

const col = listColumns<Row>();
const columns = col.columns([
  col.accessor('name', {
    header: 'Name',
    cell: (info) => (
      <Anchor component={Link} to={`/segments/${info.row.original.id}`}>
        {info.getValue()}
      </Anchor>
    ),
  }),
  col.accessor('description', { header: 'Description', cell: (info) => info.getValue() ?? '—' }),
  col.accessor('memberCount', { header: 'Members', cell: (info) => info.getValue() }),
  col.accessor('definedAt', { header: 'Rule written', cell: (info) => formatDateTime(info.getValue()) }),
]);

/** Analytics' segments by name, with how many customers each holds now. */
export default function SegmentsPage() {
  // Member counts change as customers do (and segments are added elsewhere): asked again on every visit.
  const { data, error, loading, fetchMore } = useQuery(SEGMENTS, { variables: { first: 50 }, fetchPolicy: 'cache-and-network' });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Segments
        </Title>
        <Button component={Link} to="/segments/new">
          New segment
        </Button>
      </Group>
      <PagedTable
        label="Segments"
        columns={columns}
        connection={data?.segments}
        rowKey={(r) => r.id}
        error={error}
        domain="analytics"
        loading={loading}
        fetchMore={fetchMore}
        empty="No segments yet."
      />
    </Stack>
  );
}
