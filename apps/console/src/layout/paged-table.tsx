import { Button, Group, Loader, Table, Text } from '@mantine/core';
import { label } from '../format/format';
import { createColumnHelper, tableFeatures, useTable, type ColumnDef, type RowData } from '@tanstack/react-table';

/** The table features the console's lists use: none beyond rows and cells; paging and filtering are the server's. */
export const listFeatures = tableFeatures({});
export type ListFeatures = typeof listFeatures;
/** Enum values as the options of a filter's select. */
export const options = (values: string[]) => values.map((value) => ({ value, label: label(value) }));
export const listColumns = <T extends RowData>() => createColumnHelper<ListFeatures, T>();

/**
 * One page of a keyset connection as a table, and a button for the next page: the server pages
 * (its cursors keep a list stable while rows are added), so the table never sorts or slices.
 */
export function PagedTable<T extends RowData>({
  label,
  columns,
  rows,
  rowKey,
  loading,
  hasNextPage,
  onMore,
  empty,
}: {
  label: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each column has its own value type
  columns: ColumnDef<ListFeatures, T, any>[];
  rows: T[];
  rowKey: (row: T) => string;
  loading: boolean;
  hasNextPage: boolean;
  onMore: () => void;
  empty: string;
}) {
  const table = useTable({ features: listFeatures, columns, data: rows, getRowId: rowKey });
  if (!loading && rows.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <>
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
        {loading && <Loader size="sm" aria-label={`Loading ${label.toLowerCase()}`} />}
        {hasNextPage && !loading && (
          <Button variant="default" onClick={onMore}>
            Load more
          </Button>
        )}
      </Group>
    </>
  );
}
