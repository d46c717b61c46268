import { useQuery } from '@apollo/client/react';
import { Card, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import { ErrorNotice } from '../graphql/error-notice';
import { fieldErrors } from '../graphql/errors';
import { percent } from './dashboard-parts';

const RETENTION = graphql(`
  query RetentionCohorts($from: String!, $to: String!) {
    retentionCohorts(from: $from, to: $to) {
      month
      customers
      active
      retention
    }
  }
`);

const monthName = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthOf = (day: string) => monthName.format(new Date(`${day}T00:00:00Z`));

/**
 * A share as the cell's shade: the paler the fewer kept. Blue from 97% to 72% lightness, under the
 * page's dark text, keeps well above 4.5:1 at either end.
 */
const shade = (share: number) => `hsl(210 80% ${97 - 25 * Math.min(Math.max(share, 0), 1)}%)`;

/** The first day of the month eleven months back: a year of cohorts to begin with. */
function yearAgo(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
}

/**
 * Retention cohorts as a triangle: each row the customers whose first deal was won in one month,
 * each column a month since, each cell the share still active, shaded by it.
 */
export default function RetentionPage() {
  const [from, setFrom] = useState(yearAgo);
  const [to, setTo] = useState(() => new Date().toISOString().slice(0, 10));
  const { data, error, loading } = useQuery(RETENTION, { variables: { from, to } });
  const errors = fieldErrors(error);
  const cohorts = data?.retentionCohorts ?? [];
  const months = Math.max(0, ...cohorts.map((c) => c.retention.length));
  return (
    <Stack>
      <Title order={1} size="h2">
        Retention cohorts
      </Title>
      <Group align="start">
        <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={errors.from} />
        <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={errors.to} />
      </Group>
      {/* The server checks the period (order, at most 36 months): its reason shows beside the field it names. */}
      <ErrorNotice error={error} skipFields={['from', 'to']} domain={{ domain: 'analytics', access: 'read' }} />
      {loading && <Loader role="progressbar" aria-label="Loading the cohorts" />}
      {data && cohorts.length === 0 && <Text c="dimmed">No customer won a first deal in this period.</Text>}
      {cohorts.length > 0 && (
        <Card withBorder component="section" aria-label="Retention by cohort">
          <Text size="sm" c="dimmed" mb="xs">
            Active in a month: a deal won, a sales activity logged by a person, a case opened, a form submitted or a campaign email clicked.
          </Text>
          <Table.ScrollContainer minWidth={600}>
            <Table aria-label="Retention by cohort" withColumnBorders>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Cohort</Table.Th>
                  <Table.Th ta="right">Customers</Table.Th>
                  {Array.from({ length: months }, (_, i) => (
                    <Table.Th key={i} ta="right">
                      Month {i}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {cohorts.map((c) => (
                  <Table.Tr key={c.month}>
                    <Table.Th scope="row">{monthOf(c.month)}</Table.Th>
                    <Table.Td ta="right">{c.customers}</Table.Td>
                    {Array.from({ length: months }, (_, i) => {
                      const share = c.retention[i];
                      return share === undefined ? (
                        <Table.Td key={i} />
                      ) : (
                        <Table.Td key={i} ta="right" bg={shade(Number(share))} title={`${c.active[i]} of ${c.customers} active`}>
                          {percent(Number(share))}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}
