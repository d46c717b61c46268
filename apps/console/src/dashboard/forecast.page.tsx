import { useQuery } from '@apollo/client/react';
import { Card, Group, Loader, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDate, formatDateTime, label, money } from '../format/format';
import { graphql } from '../gql';
import type { ForecastPageQuery, PeriodGrain } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { fieldErrors } from '../graphql/errors';
import { options } from '../layout/paged-table';
import { BarChart } from './bar-chart';
import { Figure, percent } from './dashboard-parts';

const FORECAST = graphql(`
  query ForecastPage($grain: PeriodGrain!, $period: String!, $lookbackDays: Int!, $commitThreshold: String!) {
    forecast(grain: $grain, period: $period, lookbackDays: $lookbackDays, commitThreshold: $commitThreshold) {
      periodStart
      periodEnd
      asOf
      businessDays
      businessDaysElapsed
      totals {
        currency
        won {
          ...ForecastAmount
        }
        openPipeline {
          ...ForecastAmount
        }
        weightedPipeline {
          ...ForecastAmount
        }
        expected {
          ...ForecastAmount
        }
        committed {
          ...ForecastAmount
        }
        bestCase {
          ...ForecastAmount
        }
        samePeriodLastYear {
          ...ForecastAmount
        }
        runRate {
          ...ForecastAmount
        }
      }
      stages {
        stageId
        openDeals
        openAmount {
          ...ForecastAmount
        }
        closedDeals
        wonDeals
        winRate
        basis
        weightedAmount {
          ...ForecastAmount
        }
      }
    }
  }
  fragment ForecastAmount on Money {
    amount
    currency
  }
`);

// Stage names are sales': asked apart, so that a reader of analytics without sales' role still sees the forecast.
const STAGE_NAMES = graphql(`
  query ForecastStageNames {
    pipelines {
      id
      name
      stages {
        id
        name
      }
    }
  }
`);

type Total = ForecastPageQuery['forecast']['totals'][number];

const GRAINS: PeriodGrain[] = ['MONTH', 'QUARTER', 'YEAR'];

/** The figures a chart compares, in the order a forecast is read: what is won, what is likely, what is possible, last year. */
const FORECAST_FIGURES = [
  ['Won', (t: Total) => t.won],
  ['Weighted pipeline', (t: Total) => t.weightedPipeline],
  ['Expected', (t: Total) => t.expected],
  ['Committed', (t: Total) => t.committed],
  ['Best case', (t: Total) => t.bestCase],
  ['Same period last year', (t: Total) => t.samePeriodLastYear],
] as const;

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Analytics' forecast of the deals closing in a month, quarter or year: won so far, the open
 * pipeline weighted by each stage's historical win rate, committed and best case, against the same
 * period last year; per currency, as amounts of different currencies are never added.
 */
export default function ForecastPage() {
  const [grain, setGrain] = useState<PeriodGrain>('QUARTER');
  const [period, setPeriod] = useState(today);
  const [lookback, setLookback] = useState('365');
  const [threshold, setThreshold] = useState('0.7');
  const wholeDays = /^\d{1,9}$/.test(lookback.trim());
  const { data, error, loading } = useQuery(FORECAST, {
    // The server checks the day, the range of the look-back and the threshold: its reasons show beside each field.
    variables: { grain, period, lookbackDays: Number(lookback), commitThreshold: threshold.trim() },
    skip: !wholeDays,
  });
  const errors = fieldErrors(error);
  const f = data?.forecast;
  const pipelines = useQuery(STAGE_NAMES);
  const stageNames = new Map(pipelines.data?.pipelines.flatMap((p) => p.stages.map((s) => [s.id, `${p.name}: ${s.name}`] as const)) ?? []);
  return (
    <Stack>
      <Title order={1} size="h2">
        Forecast
      </Title>
      <Group align="start">
        <Select
          label="Period"
          data={options(GRAINS)}
          value={grain}
          allowDeselect={false}
          onChange={(v) => v && setGrain(v as PeriodGrain)}
          w={140}
        />
        <TextInput
          label="A day in it"
          type="date"
          value={period}
          onChange={(e) => setPeriod(e.currentTarget.value)}
          error={errors.period}
        />
        <TextInput
          label="Win rates over the last (days)"
          value={lookback}
          onChange={(e) => setLookback(e.currentTarget.value)}
          error={wholeDays ? errors.lookbackDays : 'A whole number of days, 1 to 3650'}
          w={220}
        />
        <TextInput
          label="Committed from a win rate of"
          value={threshold}
          onChange={(e) => setThreshold(e.currentTarget.value)}
          error={errors.commitThreshold}
          w={220}
        />
      </Group>
      <ErrorNotice
        error={error}
        skipFields={['period', 'lookbackDays', 'commitThreshold']}
        domain={{ domain: 'analytics', access: 'read' }}
      />
      {loading && <Loader role="progressbar" aria-label="Loading the forecast" />}
      {f && (
        <>
          <Text size="sm" c="dimmed">
            {formatDate(f.periodStart)} to {formatDate(f.periodEnd)} · as of {formatDateTime(f.asOf)} · business day {f.businessDaysElapsed}{' '}
            of {f.businessDays}
          </Text>
          {f.totals.length === 0 && <Text c="dimmed">No deal closes in this period.</Text>}
          {f.totals.map((t) => (
            <Card key={t.currency} withBorder component="section" aria-label={`Forecast in ${t.currency}`}>
              <Title order={2} size="h4" mb="xs">
                Forecast in {t.currency}
              </Title>
              <SimpleGrid cols={{ base: 2, md: 4 }} mb="sm">
                <Figure title="Won" value={money(t.won)} />
                <Figure title="Expected" value={money(t.expected)} />
                <Figure title="Same period last year" value={money(t.samePeriodLastYear)} />
                <Figure title="Run rate" value={money(t.runRate)} />
              </SimpleGrid>
              <BarChart
                label={`Forecast in ${t.currency} against last year`}
                categories={FORECAST_FIGURES.map(([name]) => name)}
                values={FORECAST_FIGURES.map(([, of]) => of(t).amount)}
                testId={`forecast-${t.currency}`}
              />
              <Table aria-label={`Forecast in ${t.currency}, as a table`} mt="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Figure</Table.Th>
                    <Table.Th ta="right">Amount</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...FORECAST_FIGURES, ['Open pipeline', (x: Total) => x.openPipeline] as const].map(([name, of]) => (
                    <Table.Tr key={name}>
                      <Table.Td>{name}</Table.Td>
                      <Table.Td ta="right">{money(of(t))}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          ))}
          {f.stages.length > 0 && (
            <Card withBorder component="section" aria-label="Weighted pipeline by stage">
              <Title order={2} size="h4" mb="xs">
                Weighted pipeline by stage
              </Title>
              {/* Without sales' stage names the stages show by id, and this says which role would name them. */}
              <ErrorNotice error={pipelines.error} domain={{ domain: 'sales', access: 'read' }} />
              <Table aria-label="Weighted pipeline by stage">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Stage</Table.Th>
                    <Table.Th ta="right">Open deals</Table.Th>
                    <Table.Th ta="right">Open amount</Table.Th>
                    <Table.Th ta="right">Won of closed</Table.Th>
                    <Table.Th ta="right">Win rate</Table.Th>
                    <Table.Th>Learned from</Table.Th>
                    <Table.Th ta="right">Weighted</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {f.stages.map((s) => (
                    <Table.Tr key={`${s.stageId}-${s.openAmount.currency}`}>
                      <Table.Td>{stageNames.get(s.stageId) ?? s.stageId}</Table.Td>
                      <Table.Td ta="right">{s.openDeals}</Table.Td>
                      <Table.Td ta="right">{money(s.openAmount)}</Table.Td>
                      <Table.Td ta="right">
                        {s.wonDeals} of {s.closedDeals}
                      </Table.Td>
                      <Table.Td ta="right">{percent(Number(s.winRate))}</Table.Td>
                      <Table.Td>{label(s.basis)}</Table.Td>
                      <Table.Td ta="right">{money(s.weightedAmount)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )}
        </>
      )}
    </Stack>
  );
}
