import { useQuery } from '@apollo/client/react';
import { Checkbox, Group, Loader, MultiSelect, Select, Stack, Table, Text, Title } from '@mantine/core';
import { BarChart } from '../dashboard/bar-chart';
import { graphql } from '../gql';
import type { OlapDateGrain, OlapExploreQuery } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { options } from '../layout/paged-table';
import { useUrlParams } from '../layout/url-params';

const CATALOGUE = graphql(`
  query OlapCatalogue {
    olapCatalogue {
      name
      description
      measures {
        name
        description
        money
      }
      dimensions {
        name
        description
        date
      }
    }
  }
`);

const EXPLORE = graphql(`
  query OlapExplore($query: OlapQueryInput!, $first: Int) {
    olap(query: $query, first: $first) {
      dimensions
      measures
      rows {
        keys
        subtotal
        values
      }
      truncated
    }
  }
`);

const GRAINS: OlapDateGrain[] = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];
type Result = OlapExploreQuery['olap'];
type Row = Result['rows'][number];

/** A row's name: its group's values, "all" where it totals over a dimension, "none" where the fact has no value. */
const groupName = (row: Row) =>
  row.keys.length === 0 ? 'All' : row.keys.map((k, i) => (row.subtotal[i] ? 'all' : (k ?? 'none'))).join(' · ');

/** The groups and their measures; subtotal rows (a rollup's) in bold, named by what they total over. */
function ResultTable({ result }: { result: Result }) {
  return (
    <Table striped aria-label="OLAP result" data-testid="olap-result">
      <Table.Thead>
        <Table.Tr>
          {result.dimensions.map((d) => (
            <Table.Th key={`d-${d}`}>{d}</Table.Th>
          ))}
          {result.measures.map((m) => (
            <Table.Th key={`m-${m}`} ta="right">
              {m}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {result.rows.map((row, i) => {
          const total = row.subtotal.some(Boolean) || row.keys.length === 0;
          return (
            <Table.Tr key={i} fw={total ? 700 : undefined} data-subtotal={total || undefined}>
              {row.keys.map((k, j) => (
                <Table.Td key={j}>{row.subtotal[j] ? 'Total' : (k ?? '—')}</Table.Td>
              ))}
              {row.values.map((v, j) => (
                <Table.Td key={`v-${j}`} ta="right">
                  {v ?? '—'}
                </Table.Td>
              ))}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/**
 * The OLAP explorer: a cube of the server's catalogue, its measures grouped by its dimensions, with
 * ROLLUP subtotals when asked; a chart of the first measure per group and the whole answer as a
 * table. The choice lives in the URL, so an analysis can be bookmarked and shared.
 */
export default function OlapExplorerPage() {
  const { params, set, setAll } = useUrlParams();
  const catalogue = useQuery(CATALOGUE);
  const cubes = catalogue.data?.olapCatalogue ?? [];
  const cube = cubes.find((c) => c.name === params.get('cube')) ?? cubes[0];
  // Names that are not the cube's (a stale bookmark) are dropped rather than sent to be refused.
  const measures = params.getAll('m').filter((m) => cube?.measures.some((x) => x.name === m));
  const dimensions = params.getAll('d').filter((d) => cube?.dimensions.some((x) => x.name === d));
  const grain = (params.get('grain') as OlapDateGrain | null) ?? 'MONTH';
  const rollup = params.get('rollup') === '1';
  const dated = dimensions.some((d) => cube?.dimensions.find((x) => x.name === d)?.date);
  const query = {
    cube: cube?.name ?? '',
    measures,
    dimensions: dimensions.map((name) => (cube?.dimensions.find((x) => x.name === name)?.date ? { name, grain } : { name })),
    rollup,
  };
  const result = useQuery(EXPLORE, { variables: { query, first: 100 }, skip: !cube || measures.length === 0 });
  const answer = result.data?.olap;
  const groups = answer?.rows.filter((r) => !r.subtotal.some(Boolean)) ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        OLAP explorer
      </Title>
      <ErrorNotice error={catalogue.error} domain={{ domain: 'analytics', access: 'read' }} />
      {catalogue.loading && <Loader role="progressbar" aria-label="Loading the catalogue" />}
      {cube && (
        <>
          <Group align="end">
            <Select
              label="Cube"
              data={cubes.map((c) => ({ value: c.name, label: c.name }))}
              value={cube.name}
              allowDeselect={false}
              // Another cube has other measures and dimensions: the choice starts again.
              onChange={(name) => setAll({ cube: name, m: null, d: null })}
              w={200}
            />
            <MultiSelect
              label="Measures"
              placeholder={measures.length ? undefined : 'Pick at least one'}
              data={cube.measures.map((m) => ({ value: m.name, label: m.name }))}
              value={measures}
              onChange={(v) => set('m', v)}
              miw={240}
            />
            <MultiSelect
              label="Group by"
              description="In order: a rollup totals from the last one up"
              data={cube.dimensions.map((d) => ({ value: d.name, label: d.name }))}
              value={dimensions}
              onChange={(v) => set('d', v)}
              miw={240}
            />
            {dated && (
              <Select
                label="Date grain"
                data={options(GRAINS)}
                value={grain}
                allowDeselect={false}
                onChange={(v) => set('grain', v)}
                w={140}
              />
            )}
            <Checkbox label="Subtotals (ROLLUP)" checked={rollup} onChange={(e) => set('rollup', e.currentTarget.checked ? '1' : null)} />
          </Group>
          <Text size="sm" c="dimmed">
            {cube.description}
          </Text>
        </>
      )}
      {cube && measures.length === 0 && <Text>Pick a measure to see figures.</Text>}
      <ErrorNotice error={result.error} domain={{ domain: 'analytics', access: 'read' }} />
      {result.loading && <Loader size="sm" role="progressbar" aria-label="Computing" />}
      {answer && answer.rows.length === 0 && <Text c="dimmed">Nothing measured yet for this choice.</Text>}
      {answer && groups.length > 0 && (
        <BarChart
          label={`${answer.measures[0]} by ${answer.dimensions.join(', ') || 'total'}`}
          categories={groups.map(groupName)}
          values={groups.map((r) => r.values[0] ?? '0')}
          testId="olap-chart"
        />
      )}
      {answer && answer.rows.length > 0 && <ResultTable result={answer} />}
      {answer?.truncated && <Text role="status">Only the first 100 groups are shown: narrow the choice or group by fewer dimensions.</Text>}
    </Stack>
  );
}
