import { useQuery } from '@apollo/client/react';
import { Loader, Table, Text } from '@mantine/core';
import { formatDateTime, label } from '../format/format';
import { graphql } from '../gql';
import { ErrorNotice } from '../graphql/error-notice';
import { graphqlErrors } from '../graphql/errors';
import { Section } from '../layout/record-parts';

/** Ledger lines the 360 shows; the API gives the newest 50, the rest is history nobody reads here. */
const RECENT_ENTRIES = 5;

const LOYALTY = graphql(`
  query CustomerLoyalty($id: ID!) {
    customer(id: $id) {
      id
      loyalty {
        balance
        tier
        periodPoints
        nextTier
        nextTierThreshold
        entries {
          id
          kind
          points
          reason
          occurredAt
        }
      }
    }
  }
`);

const points = (n: number) => `${n.toLocaleString('en')} ${Math.abs(n) === 1 ? 'point' : 'points'}`;

/**
 * Marketing's loyalty figures for the customer, in a query of its own: marketing being down empties
 * this part only, and a person coming back after an award sees the server's balance.
 */
export function Loyalty({ customerId }: { customerId: string }) {
  const { data, error, loading } = useQuery(LOYALTY, { variables: { id: customerId }, fetchPolicy: 'cache-and-network' });
  const customer = data?.customer;
  const loyalty = customer?.loyalty;
  // Null loyalty with no error is a platform without a programme; with an error, marketing did not answer.
  const missing = !loyalty && graphqlErrors(error).length > 0;
  return (
    <Section title="Loyalty" missing={missing && !loading}>
      {loading && !customer && <Loader size="sm" role="progressbar" aria-label="Loading the loyalty" />}
      {customer && !loyalty && !error && <Text c="dimmed">There is no loyalty programme.</Text>}
      {loyalty && (
        <>
          <Table variant="vertical" withTableBorder={false} aria-label="Loyalty figures">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>Balance</Table.Th>
                <Table.Td>{points(loyalty.balance)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Tier</Table.Th>
                <Table.Td>{loyalty.tier ?? 'None yet'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Earned in the period</Table.Th>
                <Table.Td>{points(loyalty.periodPoints)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Next tier</Table.Th>
                <Table.Td>
                  {loyalty.nextTier && loyalty.nextTierThreshold !== null && loyalty.nextTierThreshold !== undefined
                    ? `${loyalty.nextTier} at ${points(loyalty.nextTierThreshold)}`
                    : 'At the top tier'}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {loyalty.entries.length === 0 ? (
            <Text c="dimmed" mt="xs">
              No points earned or redeemed yet.
            </Text>
          ) : (
            <Table mt="xs" aria-label="Recent loyalty transactions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Points</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {loyalty.entries.slice(0, RECENT_ENTRIES).map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{formatDateTime(e.occurredAt)}</Table.Td>
                    <Table.Td>{label(e.kind)}</Table.Td>
                    <Table.Td>{e.points > 0 ? `+${e.points}` : String(e.points)}</Table.Td>
                    <Table.Td>{e.reason ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
      <ErrorNotice error={loyalty ? error : null} domain={{ domain: 'marketing', access: 'read' }} />
    </Section>
  );
}
