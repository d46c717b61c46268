import { useQuery } from '@apollo/client/react';
import { Card, Group, Loader, SimpleGrid, Stack, Table, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { money } from '../format/format';
import { graphql } from '../gql';
import { ErrorNotice } from '../graphql/error-notice';
import { BarChart } from './bar-chart';
import { Figure, percent } from './dashboard-parts';

const SALES_DASHBOARD = graphql(`
  query SalesDashboard($from: Date!, $to: Date!, $currency: String!) {
    salesDashboard(from: $from, to: $to, currency: $currency) {
      from
      to
      currency
      wonCount
      lostCount
      winRate
      wonAmount {
        amount
        currency
      }
      averageDealSize {
        amount
        currency
      }
      pipelineByStage {
        stageId
        stageName
        pipelineName
        count
        amount {
          amount
          currency
        }
      }
    }
  }
`);

const today = new Date();
const iso = (d: Date) => d.toISOString().slice(0, 10);

export default function SalesDashboardPage() {
  const [from, setFrom] = useState(`${today.getUTCFullYear()}-01-01`);
  const [to, setTo] = useState(iso(new Date(Date.UTC(today.getUTCFullYear() + 1, 11, 31))));
  const [currency, setCurrency] = useState('EUR');
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && /^[A-Z]{3}$/.test(currency);
  const { data, error, loading } = useQuery(SALES_DASHBOARD, { variables: { from, to, currency }, skip: !valid });
  const d = data?.salesDashboard;
  const stages = d?.pipelineByStage ?? [];
  const multiplePipelines = new Set(stages.map((s) => s.pipelineName)).size > 1;
  const stageLabel = (s: (typeof stages)[number]) => (multiplePipelines ? `${s.pipelineName}: ${s.stageName}` : s.stageName);
  return (
    <Stack>
      <Title order={1} size="h2">
        Sales dashboard
      </Title>
      <Group align="end">
        <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <TextInput
          label="Currency"
          value={currency}
          onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
          error={/^[A-Z]{3}$/.test(currency) ? undefined : 'A three-letter ISO 4217 code, e.g. EUR'}
          w={120}
        />
      </Group>
      <ErrorNotice error={error} domain={{ domain: 'sales', access: 'read' }} />
      {loading && <Loader role="progressbar" aria-label="Loading the dashboard" />}
      {d && (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Figure title="Win rate" value={percent(d.winRate)} />
            <Figure title="Won" value={`${d.wonCount} · ${money(d.wonAmount)}`} />
            <Figure title="Lost" value={String(d.lostCount)} />
            <Figure title="Average deal" value={money(d.averageDealSize)} />
          </SimpleGrid>
          <Card withBorder component="section" aria-label="Pipeline by stage">
            <Title order={2} size="h4" mb="xs">
              Open pipeline by stage ({d.currency})
            </Title>
            <BarChart
              label="Open pipeline by stage"
              categories={stages.map(stageLabel)}
              values={stages.map((s) => s.amount.amount)}
              testId="pipeline-by-stage"
            />
            <Table aria-label="Open pipeline by stage, as a table" mt="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th ta="right">Deals</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {stages.map((s) => (
                  <Table.Tr key={s.stageId} data-stage-id={s.stageId}>
                    <Table.Td>{stageLabel(s)}</Table.Td>
                    <Table.Td ta="right">{s.count}</Table.Td>
                    <Table.Td ta="right">{money(s.amount)}</Table.Td>
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
