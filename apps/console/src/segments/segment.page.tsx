import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../format/format';
import { graphql } from '../gql';
import type { SegmentQuery } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { listColumns, PagedTable } from '../layout/paged-table';
import { RecordMissing, Section } from '../layout/record-parts';
import { SegmentForm } from './segment-form';

const SEGMENT = graphql(`
  query Segment($id: ID!, $first: Int!, $after: String) {
    segment(id: $id) {
      id
      name
      description
      rule
      definedAt
      memberCount
      members(first: $first, after: $after) {
        edges {
          cursor
          node {
            joinedAt
            customer {
              id
              name
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdateSegment($input: UpdateSegmentInput!) {
    updateSegment(input: $input) {
      id
    }
  }
`);

const RECOMPUTE = graphql(`
  mutation RecomputeSegment($id: ID!) {
    recomputeSegment(id: $id) {
      joined
      left
      segment {
        id
      }
    }
  }
`);

type MemberRow = NonNullable<SegmentQuery['segment']>['members']['edges'][number]['node'];
type Member = MemberRow & { customer: NonNullable<MemberRow['customer']> };

const col = listColumns<Member>();
const columns = col.columns([
  col.accessor((m) => m.customer.name, {
    id: 'customer',
    header: 'Customer',
    cell: (info) => (
      <Anchor component={Link} to={`/customers/${info.row.original.customer.id}`}>
        {info.getValue()}
      </Anchor>
    ),
  }),
  col.accessor('joinedAt', { header: 'Joined', cell: (info) => formatDateTime(info.getValue()) }),
]);

/** One segment: its rule, how many customers it holds and which, editing the rule and recomputing the members. */
export default function SegmentPage() {
  const { id = '' } = useParams();
  const { data, error, loading, fetchMore } = useQuery(SEGMENT, { variables: { id, first: 50 }, fetchPolicy: 'cache-and-network' });
  const [editing, setEditing] = useState(false);
  // A new rule recomputes the members, and a recompute may change them: the page is asked again, whole.
  const refetch = { refetchQueries: [SEGMENT], awaitRefetchQueries: true };
  const [update, updated] = useMutation(UPDATE, refetch);
  const [recompute, recomputed] = useMutation(RECOMPUTE, refetch);
  const s = data?.segment;
  if (loading && !s) return <Loader role="progressbar" aria-label="Loading the segment" />;
  if (!s) return <RecordMissing what="Segment" error={error} domain="analytics" />;
  const result = recomputed.data?.recomputeSegment;
  // A member whose customer sales no longer answers (deleted or merged away, before the segment hears of it) is not listed.
  const members = {
    ...s.members,
    edges: s.members.edges.flatMap((e) => (e.node.customer ? [{ ...e, node: { ...e.node, customer: e.node.customer } }] : [])),
  };
  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          {s.name}
        </Title>
        <Badge size="lg" variant="light" role="status" aria-label="Members">
          {s.memberCount === 1 ? '1 member' : `${s.memberCount} members`}
        </Badge>
      </Group>
      {s.description && <Text>{s.description}</Text>}
      <ErrorNotice error={error} domain={{ domain: 'analytics', access: 'read' }} />
      {editing ? (
        <SegmentForm
          initial={{ name: s.name, description: s.description ?? '', rule: s.rule }}
          submitLabel="Save the segment"
          saving={updated.loading}
          error={updated.error}
          onCancel={() => setEditing(false)}
          onSave={(d) =>
            void update({ variables: { input: { id: s.id, name: d.name, description: d.description || null, rule: d.rule } } }).then(
              () => setEditing(false),
              () => undefined,
            )
          }
        />
      ) : (
        <Section title="Rule">
          <Code block>{s.rule}</Code>
          <Text size="sm" c="dimmed" mt="xs">
            Written {formatDateTime(s.definedAt)}
          </Text>
          <Group mt="sm">
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button
              variant="default"
              loading={recomputed.loading}
              onClick={() => void recompute({ variables: { id: s.id } }).catch(() => undefined)}
            >
              Recompute the members
            </Button>
            {result && (
              <Text size="sm" role="status">
                Recomputed: {result.joined} joined, {result.left} left.
              </Text>
            )}
          </Group>
          <ErrorNotice error={recomputed.error} domain={{ domain: 'marketing', access: 'write' }} />
        </Section>
      )}
      <Section title="Members">
        <PagedTable
          label="Members"
          columns={columns}
          connection={members}
          rowKey={(m) => m.customer.id}
          error={undefined}
          loading={loading}
          fetchMore={fetchMore}
          empty="No customer matches the rule now."
        />
      </Section>
    </Stack>
  );
}
