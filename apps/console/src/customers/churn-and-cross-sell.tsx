import { useQuery } from '@apollo/client/react';
import { Group, Loader, Table, Text } from '@mantine/core';
import { formatDateTime, label } from '../format/format';
import { graphql } from '../gql';
import { ErrorNotice } from '../graphql/error-notice';
import { graphqlErrors } from '../graphql/errors';
import { Section } from '../layout/record-parts';

/** How many products the 360 offers; the API gives at most 20. */
const SUGGESTIONS = 5;

const CHURN_AND_CROSS_SELL = graphql(`
  query CustomerChurnAndCrossSell($id: ID!, $first: Int!) {
    customer(id: $id) {
      id
      intelligence {
        churnRisk {
          score
          atRisk
          threshold
          scoredAt
          reasons {
            factor
            weight
            signal
            contribution
            detail
          }
        }
        crossSell(first: $first) {
          productId
          becauseOfProductId
          support
          confidence
          lift
        }
      }
    }
  }
`);

const PRODUCT_NAME = graphql(`
  query ProductName($id: ID!) {
    product(id: $id) {
      id
      name
    }
  }
`);

/**
 * A suggestion names products by id only (analytics keeps no catalogue): their names come from
 * sales, one cached lookup per product, the id shown while it loads or when sales has none.
 */
function ProductName({ id }: { id: string }) {
  const { data } = useQuery(PRODUCT_NAME, { variables: { id } });
  return <>{data?.product?.name ?? id}</>;
}

/**
 * Analytics' churn risk with every reason it adds up from (weight × signal = contribution, zeros
 * included, so a score is explained whole), and the products to offer next by association rules
 * over won deals. One query for both: one request, and either says so when analytics is down.
 */
export function ChurnAndCrossSell({ customerId }: { customerId: string }) {
  const { data, error, loading } = useQuery(CHURN_AND_CROSS_SELL, {
    variables: { id: customerId, first: SUGGESTIONS },
    fetchPolicy: 'cache-and-network',
  });
  const intelligence = data?.customer?.intelligence;
  const missing = !intelligence && !loading && graphqlErrors(error).length > 0;
  const risk = intelligence?.churnRisk;
  const suggestions = intelligence?.crossSell ?? [];
  return (
    <>
      <Section title="Churn risk" missing={missing}>
        {loading && !intelligence && <Loader size="sm" role="progressbar" aria-label="Loading the churn risk" />}
        {intelligence && !risk && <Text c="dimmed">No interaction known yet: no churn score.</Text>}
        {risk && (
          <>
            <Group gap="xs" mb="xs" role="group" aria-label="Churn score">
              <Text fw={700} c={risk.atRisk ? 'red.9' : undefined}>
                {risk.atRisk ? 'At risk' : 'Not at risk'}
              </Text>
              <Text size="sm">
                Score {risk.score} (at risk from {risk.threshold}), as of {formatDateTime(risk.scoredAt)}
              </Text>
            </Group>
            <Table aria-label="Churn reasons" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th>Weight</Table.Th>
                  <Table.Th>Signal</Table.Th>
                  <Table.Th>Adds</Table.Th>
                  <Table.Th>What was counted</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {risk.reasons.map((r) => (
                  <Table.Tr key={r.factor}>
                    <Table.Td>{label(r.factor)}</Table.Td>
                    <Table.Td>{r.weight}</Table.Td>
                    <Table.Td>{r.signal}</Table.Td>
                    <Table.Td>{r.contribution}</Table.Td>
                    <Table.Td>{r.detail}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
        <ErrorNotice error={intelligence ? null : error} domain={{ domain: 'analytics', access: 'read' }} />
      </Section>
      <Section title="Cross-sell" missing={missing} count={intelligence ? suggestions.length : undefined}>
        {loading && !intelligence && <Loader size="sm" role="progressbar" aria-label="Loading the cross-sell suggestions" />}
        {intelligence && suggestions.length === 0 && <Text c="dimmed">Nothing to offer yet: no won deal with products.</Text>}
        {suggestions.length > 0 && (
          <Table aria-label="Products to offer" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Offer</Table.Th>
                <Table.Th>Because they have</Table.Th>
                <Table.Th>Confidence</Table.Th>
                <Table.Th>Lift</Table.Th>
                <Table.Th>Support</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {suggestions.map((s) => (
                <Table.Tr key={s.productId}>
                  <Table.Td>
                    <ProductName id={s.productId} />
                  </Table.Td>
                  <Table.Td>
                    <ProductName id={s.becauseOfProductId} />
                  </Table.Td>
                  <Table.Td>{s.confidence}</Table.Td>
                  <Table.Td>{s.lift}</Table.Td>
                  <Table.Td>{s.support}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
    </>
  );
}
