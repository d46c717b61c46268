import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from 'react-router';
import { formatDateTime, label } from '../format/format';
import { graphql } from '../gql';
import type { LeadSort, LeadSource, LeadStatus, LeadsQuery } from '../gql/graphql';
import { listColumns, options, PagedTable } from '../layout/paged-table';
import { useUrlParams } from '../layout/url-params';

const LEADS = graphql(`
  query Leads($first: Int!, $after: String, $filter: LeadFilter, $sort: LeadSort!) {
    leads(first: $first, after: $after, filter: $filter, sort: $sort) {
      edges {
        cursor
        node {
          id
          name
          email
          company
          status
          source
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type Row = LeadsQuery['leads']['edges'][number]['node'];

export const LEAD_STATUSES: LeadStatus[] = ['NEW', 'CONTACTED', 'QUALIFIED', 'UNQUALIFIED', 'RECYCLED', 'CONVERTED'];
const SOURCES: LeadSource[] = ['WEB_FORM', 'EVENT', 'REFERRAL', 'PARTNER', 'IMPORT', 'OTHER'];
const SORTS: { value: LeadSort; label: string }[] = [
  { value: 'CREATED_AT_DESC', label: 'Newest first' },
  { value: 'EMAIL_ASC', label: 'Email' },
];

const col = listColumns<Row>();
const columns = col.columns([
  col.accessor('name', {
    header: 'Name',
    cell: (info) => (
      <Anchor component={Link} to={`/leads/${info.row.original.id}`}>
        {info.getValue()}
      </Anchor>
    ),
  }),
  col.accessor('email', { header: 'Email' }),
  col.accessor('company', { header: 'Company', cell: (info) => info.getValue() ?? '—' }),
  col.accessor('status', { header: 'Status', cell: (info) => <Badge variant="light">{label(info.getValue())}</Badge> }),
  col.accessor('source', { header: 'Source', cell: (info) => label(info.getValue()) }),
  col.accessor('createdAt', { header: 'Captured', cell: (info) => formatDateTime(info.getValue()) }),
]);

/** Marketing's leads, filtered by status, source and email, newest first, a keyset page at a time. */
export default function LeadsPage() {
  const { params, set } = useUrlParams();
  const email = params.get('q') ?? '';
  const [search] = useDebouncedValue(email, 250);
  const status = params.get('status') as LeadStatus | null;
  const source = params.get('source') as LeadSource | null;
  const sort = (params.get('sort') as LeadSort | null) ?? 'CREATED_AT_DESC';
  const filter = { ...(status ? { status } : {}), ...(source ? { source } : {}), ...(search ? { emailContains: search } : {}) };
  const { data, error, loading, fetchMore } = useQuery(LEADS, { variables: { first: 50, filter, sort } });
  return (
    <Stack>
      <Title order={1} size="h2">
        Leads
      </Title>
      <Group align="end">
        <TextInput label="Email contains" value={email} onChange={(e) => set('q', e.currentTarget.value || null)} w={240} />
        <Select
          label="Status"
          placeholder="Any"
          clearable
          data={options(LEAD_STATUSES)}
          value={status}
          onChange={(v) => set('status', v)}
        />
        <Select label="Source" placeholder="Any" clearable data={options(SOURCES)} value={source} onChange={(v) => set('source', v)} />
        <Select
          label="Sort by"
          data={SORTS}
          value={sort}
          allowDeselect={false}
          onChange={(v) => set('sort', v === 'CREATED_AT_DESC' ? null : v)}
        />
      </Group>
      <PagedTable
        label="Leads"
        columns={columns}
        connection={data?.leads}
        rowKey={(r) => r.id}
        error={error}
        domain="marketing"
        loading={loading}
        fetchMore={fetchMore}
        empty="No leads match."
      />
    </Stack>
  );
}
