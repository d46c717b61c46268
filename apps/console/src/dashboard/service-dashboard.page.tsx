import { useQuery } from '@apollo/client/react';
import { Card, Loader, SimpleGrid, Stack, Table, Title } from '@mantine/core';
import { label } from '../format/format';
import { graphql } from '../gql';
import { ErrorNotice } from '../graphql/error-notice';
import { BarChart } from './bar-chart';
import { Figure, hours, percent, usePeriod } from './dashboard-parts';

const SERVICE_DASHBOARD = graphql(`
  query ServiceDashboard($from: DateTime!, $to: DateTime!) {
    serviceDashboard(from: $from, to: $to) {
      asOf
      backlog {
        open
        byPriority {
          priority
          count
        }
        averageAgeHours
        oldestAgeHours
      }
      firstResponse {
        met
        breached
        running
        attainment
      }
      resolution {
        met
        breached
        running
        attainment
      }
      handleTime {
        resolved
        medianHours
      }
      satisfaction {
        answers
        average
      }
    }
  }
`);

/** The day after `d` (YYYY-MM-DD), at midnight UTC: the period's end is exclusive, the field's last day included. */
const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString();

/** Support's backlog as it is now, and how the period went: SLA attainment, handle time, satisfaction. */
export default function ServiceDashboardPage() {
  const { from, to, valid, fields } = usePeriod();
  const { data, error, loading } = useQuery(SERVICE_DASHBOARD, {
    variables: { from: `${from}T00:00:00Z`, to: valid ? dayAfter(to) : '' },
    skip: !valid,
  });
  const d = data?.serviceDashboard;
  const byPriority = d?.backlog.byPriority ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        Service dashboard
      </Title>
      {fields}
      <ErrorNotice error={error} domain={{ domain: 'service', access: 'read' }} />
      {loading && <Loader role="progressbar" aria-label="Loading the dashboard" />}
      {d && (
        <>
          <SimpleGrid cols={{ base: 2, md: 5 }}>
            <Figure title="Open cases" value={String(d.backlog.open)} />
            <Figure title="First response in time" value={`${percent(d.firstResponse.attainment)} · ${d.firstResponse.breached} late`} />
            <Figure title="Resolution in time" value={`${percent(d.resolution.attainment)} · ${d.resolution.breached} late`} />
            <Figure title="Median handle time" value={`${hours(d.handleTime.medianHours)} · ${d.handleTime.resolved} resolved`} />
            <Figure
              title="Satisfaction"
              value={
                typeof d.satisfaction.average === 'number' ? `${d.satisfaction.average} of 5 · ${d.satisfaction.answers} answers` : '—'
              }
            />
          </SimpleGrid>
          <Card withBorder component="section" aria-label="Open cases by priority">
            <Title order={2} size="h4" mb="xs">
              Open cases by priority
            </Title>
            <BarChart
              label="Open cases by priority"
              categories={byPriority.map((p) => label(p.priority))}
              values={byPriority.map((p) => String(p.count))}
              testId="backlog-by-priority"
            />
            <Table aria-label="Open cases by priority, as a table" mt="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Priority</Table.Th>
                  <Table.Th ta="right">Open cases</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {byPriority.map((p) => (
                  <Table.Tr key={p.priority}>
                    <Table.Td>{label(p.priority)}</Table.Td>
                    <Table.Td ta="right">{p.count}</Table.Td>
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
