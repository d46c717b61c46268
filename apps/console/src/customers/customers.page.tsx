import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, Modal, MultiSelect, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { label, textOf } from '../format/format';
import { graphql } from '../gql';
import type { CompanySize, CustomerFilter, CustomerSort, CustomersQuery, LifecycleStage } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { fieldErrors } from '../graphql/errors';
import { useUrlParams } from '../layout/url-params';
import { filterOfView, SavedViews, type SavedView } from './saved-views';

export const CUSTOMERS = graphql(`
  query Customers($first: Int!, $after: String, $filter: CustomerFilter, $sort: CustomerSort!) {
    customers(first: $first, after: $after, filter: $filter, sort: $sort) {
      edges {
        cursor
        node {
          id
          name
          kind
          domain
          industry
          size
          lifecycleStage
          tier
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const CREATE_CUSTOMER = graphql(`
  mutation CreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) {
      id
      name
    }
  }
`);

type Row = CustomersQuery['customers']['edges'][number]['node'];

const PAGE = 100;
const ROW_HEIGHT = 40;
const STAGES: LifecycleStage[] = ['LEAD', 'PROSPECT', 'CUSTOMER', 'CHURNED'];
const SIZES: CompanySize[] = ['MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'ENTERPRISE'];
const SORTS: { value: CustomerSort; label: string }[] = [
  { value: 'CREATED_AT_DESC', label: 'Newest first' },
  { value: 'NAME_ASC', label: 'Name' },
  { value: 'UPDATED_AT_DESC', label: 'Recently updated' },
  { value: 'INDUSTRY_ASC', label: 'Industry' },
  { value: 'SIZE_DESC', label: 'Largest first' },
  { value: 'LIFECYCLE_STAGE_ASC', label: 'Lifecycle stage' },
];

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, Row>();
const columns = helper.columns([
  helper.accessor('name', {
    header: 'Name',
    cell: (info) => (
      <Anchor component={Link} to={`/customers/${info.row.original.id}`}>
        {info.getValue()}
      </Anchor>
    ),
  }),
  helper.accessor('domain', { header: 'Domain', cell: (info) => info.getValue() ?? '—' }),
  helper.accessor('industry', { header: 'Industry', cell: (info) => info.getValue() ?? '—' }),
  helper.accessor('size', { header: 'Size', cell: (info) => label(info.getValue()) }),
  helper.accessor('lifecycleStage', { header: 'Stage', cell: (info) => <Badge variant="light">{label(info.getValue())}</Badge> }),
  helper.accessor('tier', { header: 'Tier', cell: (info) => info.getValue() ?? '—' }),
]);
const GRID = 'minmax(180px, 2fr) minmax(140px, 1.5fr) minmax(120px, 1fr) 110px 120px 60px';

/** Filter fields the list has no control for, kept in the URL under their own names so a saved view that sets them applies in full. */
const EXTRA_FILTERS = ['kind', 'domain', 'tier', 'ownerId', 'ownedBy', 'tag', 'industry'] as const;

/** The filters live in the URL, so a view can be bookmarked, shared and reloaded. */
function useListParams() {
  const { params, setAll } = useUrlParams();
  const extra = Object.fromEntries(
    EXTRA_FILTERS.flatMap((key) => {
      const value = params.get(key);
      return value === null ? [] : [[key, key === 'tier' ? Number(value) : value]];
    }),
  ) as Partial<CustomerFilter>;
  return {
    search: params.get('q') ?? '',
    stages: params.getAll('stage') as LifecycleStage[],
    sizes: params.getAll('size') as CompanySize[],
    sort: (params.get('sort') as CustomerSort | null) ?? 'CREATED_AT_DESC',
    extra,
    view: params.get('view'),
    // Changing a filter by hand leaves the picked view: the list no longer shows what it saved.
    set: (key: string, value: string | string[] | null) => setAll({ [key]: value, view: null }),
    /** Shows a saved view: its id and its whole filter and sort replace the URL's, so the link shows the same rows. */
    apply: (view: SavedView | null) => {
      if (!view) return setAll({ view: null });
      const f = filterOfView(view);
      setAll({
        view: view.id,
        q: f.nameContains ?? null,
        stage: f.lifecycleStages ?? null,
        size: f.sizes ?? null,
        sort: view.sort === 'CREATED_AT_DESC' ? null : view.sort,
        ...Object.fromEntries(EXTRA_FILTERS.map((key) => [key, f[key] === undefined || f[key] === null ? null : String(f[key])])),
      });
    },
    markSaved: (id: string) => setAll({ view: id }),
  };
}

function NewCustomer({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const [create, { loading, error }] = useMutation(CREATE_CUSTOMER);
  const [failure, setFailure] = useState<unknown>(null);
  const errors = fieldErrors(failure);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => textOf(form, name) || undefined;
    const tier = text('tier');
    create({
      variables: {
        input: {
          name: text('name') ?? '',
          domain: text('domain'),
          website: text('website'),
          industry: text('industry'),
          tier: tier ? Number(tier) : undefined,
        },
      },
    }).then(
      ({ data }) => data && void navigate(`/customers/${data.createCustomer.id}`),
      (err: unknown) => setFailure(err),
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput name="name" label="Name" required error={errors.name} />
        <TextInput name="domain" label="Domain" placeholder="acme.com" error={errors.domain} />
        <TextInput name="website" label="Website" placeholder="https://acme.com" error={errors.website} />
        <TextInput name="industry" label="Industry" error={errors.industry} />
        <TextInput name="tier" label="Tier (1 to 5)" inputMode="numeric" error={errors.tier} />
        <ErrorNotice error={failure ?? error} domain={{ domain: 'sales', access: 'write' }} skipFields />
        <Group justify="end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={loading}>
            Create
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function CustomersPage() {
  const list = useListParams();
  // The URL follows every keystroke; the query waits until typing pauses.
  const [search] = useDebouncedValue(list.search, 250);
  const [creating, setCreating] = useState(false);
  const filter: CustomerFilter = {
    ...list.extra,
    ...(search ? { nameContains: search } : {}),
    ...(list.stages.length ? { lifecycleStages: list.stages } : {}),
    ...(list.sizes.length ? { sizes: list.sizes } : {}),
  };
  const { data, error, loading, fetchMore } = useQuery(CUSTOMERS, { variables: { first: PAGE, filter, sort: list.sort } });
  const rows = useMemo(() => data?.customers.edges.map((e) => e.node) ?? [], [data]);
  const table = useTable({ features, columns, data: rows });
  const scrollRef = useRef<HTMLDivElement>(null);
  const modelRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: modelRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => modelRows[index]!.id,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  const pageInfo = data?.customers.pageInfo;
  // The next page is asked for as the last rows scroll into view; one request at a time.
  const fetching = useRef(false);
  useEffect(() => {
    if (!last || !pageInfo?.hasNextPage || fetching.current || last.index < modelRows.length - 20) return;
    fetching.current = true;
    void fetchMore({ variables: { after: pageInfo.endCursor } }).finally(() => (fetching.current = false));
  }, [last, pageInfo, modelRows.length, fetchMore]);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Customers
        </Title>
        <Button onClick={() => setCreating(true)}>New customer</Button>
      </Group>
      <Group align="end">
        <TextInput label="Search by name" value={list.search} onChange={(e) => list.set('q', e.currentTarget.value || null)} w={240} />
        <MultiSelect
          label="Lifecycle stage"
          data={STAGES.map((s) => ({ value: s, label: label(s) }))}
          value={list.stages}
          onChange={(v) => list.set('stage', v)}
          clearable
          w={240}
        />
        <MultiSelect
          label="Size"
          data={SIZES.map((s) => ({ value: s, label: label(s) }))}
          value={list.sizes}
          onChange={(v) => list.set('size', v)}
          clearable
          w={240}
        />
        <Select
          label="Sort by"
          data={SORTS}
          value={list.sort}
          onChange={(v) => list.set('sort', v === 'CREATED_AT_DESC' ? null : v)}
          allowDeselect={false}
          w={200}
        />
      </Group>
      <SavedViews current={list.view} filter={filter} sort={list.sort} onPick={list.apply} onSaved={list.markSaved} />
      <ErrorNotice error={error} domain={{ domain: 'sales', access: 'read' }} />
      <div role="table" aria-label="Customers" aria-rowcount={modelRows.length + 1}>
        <div role="rowgroup">
          {table.getHeaderGroups().map((group) => (
            <div
              role="row"
              key={group.id}
              style={{ display: 'grid', gridTemplateColumns: GRID, fontWeight: 600, borderBottom: '1px solid #ddd' }}
            >
              {group.headers.map((header) => (
                <div role="columnheader" key={header.id} style={{ padding: '8px' }}>
                  <table.FlexRender header={header} />
                </div>
              ))}
            </div>
          ))}
        </div>
        <div ref={scrollRef} role="rowgroup" data-testid="customer-rows" style={{ height: '65vh', overflow: 'auto' }}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = modelRows[item.index]!;
              return (
                <div
                  role="row"
                  aria-rowindex={item.index + 2}
                  key={row.id}
                  style={{
                    display: 'grid',
                    gridTemplateColumns: GRID,
                    position: 'absolute',
                    width: '100%',
                    height: ROW_HEIGHT,
                    transform: `translateY(${item.start}px)`,
                    alignItems: 'center',
                    borderBottom: '1px solid #eee',
                  }}
                >
                  {row.getAllCells().map((cell) => (
                    <div
                      role="cell"
                      key={cell.id}
                      style={{ padding: '0 8px', overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}
                    >
                      <table.FlexRender cell={cell} />
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {!loading && rows.length === 0 && <Text c="dimmed">No customers match.</Text>}
      <Modal opened={creating} onClose={() => setCreating(false)} title="New customer">
        <NewCustomer onClose={() => setCreating(false)} />
      </Modal>
    </Stack>
  );
}
