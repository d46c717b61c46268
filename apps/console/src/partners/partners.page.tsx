import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from 'react-router';
import { formatDateTime, label } from '../format/format';
import { graphql } from '../gql';
import type { PartnerKind, PartnerSort, PartnerStatus, PartnerTier, PartnersQuery } from '../gql/graphql';
import { listColumns, options, PagedTable } from '../layout/paged-table';
import { useUrlParams } from '../layout/url-params';

const PARTNERS = graphql(`
  query Partners($first: Int!, $after: String, $filter: PartnerFilter, $sort: PartnerSort!) {
    partners(first: $first, after: $after, filter: $filter, sort: $sort) {
      edges {
        cursor
        node {
          id
          name
          kind
          tier
          status
          territory
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

type Row = PartnersQuery['partners']['edges'][number]['node'];

export const TIERS: PartnerTier[] = ['REGISTERED', 'SILVER', 'GOLD', 'PLATINUM'];
const KINDS: PartnerKind[] = ['RESELLER', 'REFERRAL', 'DISTRIBUTOR', 'TECHNOLOGY'];
const STATUSES: PartnerStatus[] = ['PROSPECT', 'ACTIVE', 'SUSPENDED'];
const SORTS: { value: PartnerSort; label: string }[] = [
  { value: 'NAME_ASC', label: 'Name' },
  { value: 'CREATED_AT_DESC', label: 'Newest first' },
];

const col = listColumns<Row>();
const columns = col.columns([
  col.accessor('name', {
    header: 'Name',
    cell: (info) => (
      <Anchor component={Link} to={`/partners/${info.row.original.id}`}>
        {info.getValue()}
      </Anchor>
    ),
  }),
  col.accessor('kind', { header: 'Kind', cell: (info) => label(info.getValue()) }),
  col.accessor('tier', { header: 'Tier', cell: (info) => label(info.getValue()) }),
  col.accessor('status', {
    header: 'Status',
    cell: (info) => (
      <Badge variant={info.getValue() === 'SUSPENDED' ? 'filled' : 'light'} color={info.getValue() === 'SUSPENDED' ? 'red.9' : undefined}>
        {label(info.getValue())}
      </Badge>
    ),
  }),
  col.accessor('territory', { header: 'Territory', cell: (info) => info.getValue().join(', ') || '—' }),
  col.accessor('createdAt', { header: 'Since', cell: (info) => formatDateTime(info.getValue()) }),
]);

/** The channel's partners, for the channel managers who onboard them; filters live in the URL. */
export default function PartnersPage() {
  const { params, set } = useUrlParams();
  const name = params.get('q') ?? '';
  const [search] = useDebouncedValue(name, 250);
  const kind = params.get('kind') as PartnerKind | null;
  const tier = params.get('tier') as PartnerTier | null;
  const status = params.get('status') as PartnerStatus | null;
  const sort = (params.get('sort') as PartnerSort | null) ?? 'NAME_ASC';
  const filter = {
    ...(search ? { nameContains: search } : {}),
    ...(kind ? { kind } : {}),
    ...(tier ? { tier } : {}),
    ...(status ? { status } : {}),
  };
  const { data, error, loading, fetchMore } = useQuery(PARTNERS, { variables: { first: 50, filter, sort } });
  return (
    <Stack>
      <Title order={1} size="h2">
        Partners
      </Title>
      <Group align="end">
        <TextInput label="Name contains" value={name} onChange={(e) => set('q', e.currentTarget.value || null)} w={240} />
        <Select label="Kind" placeholder="Any" clearable data={options(KINDS)} value={kind} onChange={(v) => set('kind', v)} />
        <Select label="Tier" placeholder="Any" clearable data={options(TIERS)} value={tier} onChange={(v) => set('tier', v)} />
        <Select label="Status" placeholder="Any" clearable data={options(STATUSES)} value={status} onChange={(v) => set('status', v)} />
        <Select
          label="Sort by"
          data={SORTS}
          value={sort}
          allowDeselect={false}
          onChange={(v) => set('sort', v === 'NAME_ASC' ? null : v)}
        />
      </Group>
      <PagedTable
        label="Partners"
        columns={columns}
        connection={data?.partners}
        rowKey={(r) => r.id}
        error={error}
        domain="partners"
        loading={loading}
        fetchMore={fetchMore}
        empty="No partners match."
      />
    </Stack>
  );
}
