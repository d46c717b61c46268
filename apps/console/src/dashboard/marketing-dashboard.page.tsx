import { useQuery } from '@apollo/client/react';
import { Card, Loader, SimpleGrid, Stack, Table, Title } from '@mantine/core';
import { label } from '../format/format';
import { graphql } from '../gql';
import { ErrorNotice } from '../graphql/error-notice';
import { BarChart } from './bar-chart';
import { Figure, percent, usePeriod } from './dashboard-parts';

const MARKETING_DASHBOARD = graphql(`
  query MarketingDashboard($from: String!, $to: String!) {
    marketingDashboard(from: $from, to: $to) {
      funnel {
        status
        leads
      }
      conversion {
        leads
        qualified
        converted
        qualifiedRate
        conversionRate
        mqlRate
      }
      sources {
        source
        leads
        qualified
        converted
        conversionRate
      }
    }
  }
`);

/** Leads captured in the period: where they are in the funnel, how many convert, and which sources bring them. */
export default function MarketingDashboardPage() {
  const { from, to, valid, fields } = usePeriod();
  const { data, error, loading } = useQuery(MARKETING_DASHBOARD, { variables: { from, to }, skip: !valid });
  const d = data?.marketingDashboard;
  const funnel = d?.funnel ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        Marketing dashboard
      </Title>
      {fields}
      {/* The server checks the period (order, at most two years): its reason shows here. */}
      <ErrorNotice error={error} domain={{ domain: 'marketing', access: 'read' }} />
      {loading && <Loader role="progressbar" aria-label="Loading the dashboard" />}
      {d && (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Figure title="Leads" value={String(d.conversion.leads)} />
            <Figure title="Qualified" value={`${d.conversion.qualified} · ${percent(d.conversion.qualifiedRate)}`} />
            <Figure title="Converted" value={`${d.conversion.converted} · ${percent(d.conversion.conversionRate)}`} />
            <Figure title="Marketing-qualified" value={percent(d.conversion.mqlRate)} />
          </SimpleGrid>
          <Card withBorder component="section" aria-label="Lead funnel">
            <Title order={2} size="h4" mb="xs">
              Leads by status
            </Title>
            <BarChart
              label="Leads by status"
              categories={funnel.map((f) => label(f.status))}
              values={funnel.map((f) => String(f.leads))}
              testId="lead-funnel"
            />
            <Table aria-label="Leads by status, as a table" mt="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Leads</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {funnel.map((f) => (
                  <Table.Tr key={f.status}>
                    <Table.Td>{label(f.status)}</Table.Td>
                    <Table.Td ta="right">{f.leads}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          <Card withBorder component="section" aria-label="Lead sources">
            <Title order={2} size="h4" mb="xs">
              Lead sources
            </Title>
            <Table aria-label="Lead sources, most leads first">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Source</Table.Th>
                  <Table.Th ta="right">Leads</Table.Th>
                  <Table.Th ta="right">Qualified</Table.Th>
                  <Table.Th ta="right">Converted</Table.Th>
                  <Table.Th ta="right">Conversion</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.sources.map((s) => (
                  <Table.Tr key={s.source}>
                    <Table.Td>{label(s.source)}</Table.Td>
                    <Table.Td ta="right">{s.leads}</Table.Td>
                    <Table.Td ta="right">{s.qualified}</Table.Td>
                    <Table.Td ta="right">{s.converted}</Table.Td>
                    <Table.Td ta="right">{percent(s.conversionRate)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        </>
      )}
    </Stack>
  );
}
