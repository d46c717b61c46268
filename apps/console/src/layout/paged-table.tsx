import { Button, Group, Loader, Table, Text } from '@mantine/core';
import { createColumnHelper, tableFeatures, useTable, type ColumnDef, type RowData } from '@tanstack/react-table';
import type { Domain } from '../auth/console-config';
import { label } from '../format/format';
import { ErrorNotice } from '../graphql/error-notice';

/** The table features the console's lists use: none beyond rows and cells; paging and filtering are the server's. */
export const listFeatures = tableFeatures({});
export type ListFeatures = typeof listFeatures;
/** Enum values as the options of a filter's select. */
export const options = (values: string[]) => values.map((value) => ({ value, label: label(value) }));
export const listColumns = <T extends RowData>() => createColumnHelper<ListFeatures, T>();

/** What a list query answers: a keyset connection's edges and where the next page starts. */
export interface Connection<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** The part of a list query's result the table pages with. */
export interface Pager {
  // A method, not a property: each query's fetchMore takes its own variables, of which `after` is the one paged here.
  fetchMore(options: { variables: { after?: string | null } }): Promise<unknown>;
}

/**
 * A list's answer as a table: why it failed when it did (the role needed to read the domain, an
 * outage), else one page of a keyset connection and a button for the next. The server pages (its
 * cursors keep a list stable while rows are added), so the table never sorts or slices.
 */
export function PagedTable<T extends RowData>({
  label,
  columns,
  connection,
  rowKey,
  error,
  domain,
  loading,
  fetchMore,
  empty,
}: {
  label: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each column has its own value type
  columns: ColumnDef<ListFeatures, T, any>[];
  connection: Connection<T> | null | undefined;
  rowKey: (row: T) => string;
  error: unknown;
  /** The domain the list belongs to: a refusal names the roles that may read it (none in a portal, whose caller has one role). */
  domain?: Domain;
  loading: boolean;
  fetchMore: Pager['fetchMore'];
  empty: string;
}) {
  const rows = connection?.edges.map((e) => e.node) ?? [];
  const pageInfo = connection?.pageInfo;
  const table = useTable({ features: listFeatures, columns, data: rows, getRowId: rowKey });
  const notice = <ErrorNotice error={error} domain={domain && { domain, access: 'read' }} />;
  if (!loading && rows.length === 0) return error ? notice : <Text c="dimmed">{empty}</Text>;
  return (
    <>
      {notice}
      <Table striped highlightOnHover aria-label={label}>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => (
                <Table.Th key={header.id}>
                  <table.FlexRender header={header} />
                </Table.Th>
              ))}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id}>
              {row.getAllCells().map((cell) => (
                <Table.Td key={cell.id}>
                  <table.FlexRender cell={cell} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="center">
        {loading && <Loader size="sm" role="progressbar" aria-label={`Loading ${label.toLowerCase()}`} />}
        {pageInfo?.hasNextPage && !loading && (
          <Button variant="default" onClick={() => void fetchMore({ variables: { after: pageInfo.endCursor } })}>
            Load more
          </Button>
        )}
      </Group>
    </>
  );
}
