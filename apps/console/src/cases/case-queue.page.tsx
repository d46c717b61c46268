import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime, label } from '../format/format';
import { graphql } from '../gql';
import type { CasePriority, CaseSort, CaseStatus } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { options } from '../layout/paged-table';
import { useUrlParams } from '../layout/url-params';
import { SlaTimer } from './sla';

const CASE_QUEUE = graphql(`
  query CaseQueue($first: Int!, $filter: CaseFilter, $sort: CaseSort!) {
    cases(first: $first, filter: $filter, sort: $sort) {
      edges {
        node {
          id
          subject
          type
          priority
          status
          openedAt
          escalationLevel
          firstResponseDueAt
          firstRespondedAt
          firstResponseBreachedAt
          resolutionDueAt
          resolutionBreachedAt
          queueId
          customer {
            id
            name
          }
        }
      }
    }
    queues(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const STATUSES: CaseStatus[] = ['NEW', 'OPEN', 'PENDING', 'RESOLVED', 'CLOSED'];
const PRIORITIES: CasePriority[] = ['URGENT', 'HIGH', 'MEDIUM', 'LOW'];
const SORTS: { value: CaseSort; label: string }[] = [
  { value: 'PRIORITY_DESC', label: 'Most urgent first' },
  { value: 'OPENED_AT_DESC', label: 'Newest first' },
];

/** The service desk's queue: open work first, with what each SLA target has left. Filters live in the URL. */
export default function CaseQueuePage() {
  const { params, set } = useUrlParams();
  const status = (params.get('status') as CaseStatus | null) ?? null;
  const priority = (params.get('priority') as CasePriority | null) ?? null;
  const queueId = params.get('queue');
  const sort = (params.get('sort') as CaseSort | null) ?? 'PRIORITY_DESC';
  const { data, previousData, error, loading } = useQuery(CASE_QUEUE, {
    variables: {
      first: 100,
      sort,
      filter: { ...(status ? { status } : {}), ...(priority ? { priority } : {}), ...(queueId ? { queueId } : {}) },
    },
  });
  const shown = data ?? previousData;
  const queues = shown?.queues.edges.map((e) => e.node) ?? [];
  const queueName = new Map(queues.map((q) => [q.id, q.name]));
  const cases = shown?.cases.edges.map((e) => e.node) ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        Cases
      </Title>
      <Group align="end">
        <Select label="Status" placeholder="Any" clearable data={options(STATUSES)} value={status} onChange={(v) => set('status', v)} />
        <Select
          label="Priority"
          placeholder="Any"
          clearable
          data={options(PRIORITIES)}
          value={priority}
          onChange={(v) => set('priority', v)}
        />
        <Select
          label="Queue"
          placeholder="Any"
          clearable
          data={queues.map((q) => ({ value: q.id, label: q.name }))}
          value={queueId}
          onChange={(v) => set('queue', v)}
        />
        <Select label="Sort" data={SORTS} value={sort} allowDeselect={false} onChange={(v) => set('sort', v)} />
        {loading && <Loader size="sm" role="progressbar" aria-label="Loading cases" />}
      </Group>
      <ErrorNotice error={error} domain={{ domain: 'service', access: 'read' }} />
      {shown && cases.length === 0 && <Text c="dimmed">No cases match.</Text>}
      {cases.length > 0 && (
        <Table striped highlightOnHover aria-label="Cases">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Queue</Table.Th>
              <Table.Th>SLA</Table.Th>
              <Table.Th>Opened</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cases.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/cases/${c.id}`}>
                    {c.subject}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {c.customer ? (
                    <Anchor component={Link} to={`/customers/${c.customer.id}`}>
                      {c.customer.name}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  {/* Urgent stands out; the word says the priority either way (colour is never the only signal). */}
                  <Badge color={c.priority === 'URGENT' ? 'red.9' : undefined} variant={c.priority === 'URGENT' ? 'filled' : 'light'}>
                    {label(c.priority)}
                  </Badge>
                  {c.escalationLevel > 0 && (
                    <Text span size="xs" ml={4}>
                      escalated ×{c.escalationLevel}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{label(c.status)}</Table.Td>
                <Table.Td>{c.queueId ? (queueName.get(c.queueId) ?? '—') : '—'}</Table.Td>
                <Table.Td>
                  {c.status === 'RESOLVED' || c.status === 'CLOSED' ? (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  ) : (
                    <Stack gap={2} align="flex-start">
                      <SlaTimer
                        what="Response"
                        dueAt={c.firstResponseDueAt}
                        metAt={c.firstRespondedAt}
                        breachedAt={c.firstResponseBreachedAt}
                      />
                      <SlaTimer what="Resolution" dueAt={c.resolutionDueAt} breachedAt={c.resolutionBreachedAt} />
                    </Stack>
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(c.openedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
