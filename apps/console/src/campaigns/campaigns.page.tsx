import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Group, Select, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate, label, money } from '../format/format';
import { graphql } from '../gql';
import type { CampaignStatus, CampaignType, CampaignsQuery } from '../gql/graphql';
import { listColumns, options, PagedTable } from '../layout/paged-table';
import { useUrlParams } from '../layout/url-params';

const CAMPAIGNS = graphql(`
  query Campaigns($first: Int!, $after: String, $filter: CampaignFilter) {
    campaigns(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          name
          type
          status
          startDate
          endDate
          budget {
            amount
            currency
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

type Row = CampaignsQuery['campaigns']['edges'][number]['node'];
const TYPES: CampaignType[] = ['EMAIL', 'EVENT', 'WEBINAR', 'PAID_ADS', 'CONTENT'];
const STATUSES: CampaignStatus[] = ['PLANNED', 'ACTIVE', 'COMPLETED', 'ABORTED'];

const col = listColumns<Row>();
const columns = col.columns([
  col.accessor('name', {
    header: 'Name',
    cell: (info) => (
      <Anchor component={Link} to={`/campaigns/${info.row.original.id}`}>
        {info.getValue()}
      </Anchor>
    ),
  }),
  col.accessor('type', { header: 'Type', cell: (info) => label(info.getValue()) }),
  col.accessor('status', { header: 'Status', cell: (info) => <Badge variant="light">{label(info.getValue())}</Badge> }),
  col.accessor('startDate', { header: 'Starts', cell: (info) => formatDate(info.getValue()) }),
  col.accessor('endDate', { header: 'Ends', cell: (info) => formatDate(info.getValue()) }),
  col.accessor('budget', { header: 'Budget', cell: (info) => money(info.getValue()) }),
]);

/** Marketing's campaigns, newest first, by type and status. */
export default function CampaignsPage() {
  const { params, set } = useUrlParams();
  const type = params.get('type') as CampaignType | null;
  const status = params.get('status') as CampaignStatus | null;
  const filter = { ...(type ? { type } : {}), ...(status ? { status } : {}) };
  const { data, error, loading, fetchMore } = useQuery(CAMPAIGNS, { variables: { first: 50, filter } });
  return (
    <Stack>
      <Title order={1} size="h2">
        Campaigns
      </Title>
      <Group align="end">
        <Select label="Type" placeholder="Any" clearable data={options(TYPES)} value={type} onChange={(v) => set('type', v)} />
        <Select label="Status" placeholder="Any" clearable data={options(STATUSES)} value={status} onChange={(v) => set('status', v)} />
      </Group>
      <PagedTable
        label="Campaigns"
        columns={columns}
        connection={data?.campaigns}
        rowKey={(r) => r.id}
        error={error}
        domain="marketing"
        loading={loading}
        fetchMore={fetchMore}
        empty="No campaigns match."
      />
    </Stack>
  );
}
