import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime, label, money } from '../format/format';
import { graphql } from '../gql';
import { ErrorNotice } from '../graphql/error-notice';

const OPPORTUNITY = graphql(`
  query Opportunity($id: ID!) {
    opportunity(id: $id) {
      id
      name
      status
      closeDate
      probability
      forecastCategory
      closeReason
      amount {
        amount
        currency
      }
      customer {
        id
        name
      }
      pipeline {
        id
        name
      }
      stage {
        id
        name
      }
      contacts {
        role
        contact {
          id
          fullName
          email
          title
        }
      }
      quotes {
        id
        number
        status
        validUntil
        subtotal {
          amount
          currency
        }
        tax {
          amount
          currency
        }
        total {
          amount
          currency
        }
        lines {
          id
          position
          description
          quantity
          discountPercent
          taxPercent
          unitPrice {
            amount
            currency
          }
          net {
            amount
            currency
          }
          tax {
            amount
            currency
          }
          total {
            amount
            currency
          }
        }
      }
      stageHistory {
        changedAt
        changedBy
        fromStatus
        toStatus
        fromStage {
          id
          name
        }
        toStage {
          id
          name
        }
      }
    }
  }
`);

export default function OpportunityPage() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(OPPORTUNITY, { variables: { id } });
  const opp = data?.opportunity;
  if (loading && !opp) return <Loader role="progressbar" aria-label="Loading the deal" />;
  if (!opp) {
    return (
      <Stack>
        <ErrorNotice error={error} domain={{ domain: 'sales', access: 'read' }} />
        {!error && <Text>Deal not found.</Text>}
      </Stack>
    );
  }
  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <div>
          <Title order={1} size="h2">
            {opp.name}
          </Title>
          {opp.customer && (
            <Anchor component={Link} to={`/customers/${opp.customer.id}`}>
              {opp.customer.name}
            </Anchor>
          )}
        </div>
        <Group>
          <Badge size="lg">{opp.status === 'OPEN' ? opp.stage.name : label(opp.status)}</Badge>
          <Text fw={600}>{money(opp.amount)}</Text>
        </Group>
      </Group>
      <ErrorNotice error={error} />
      <Text size="sm" c="dimmed">
        {opp.pipeline.name} · closes {formatDate(opp.closeDate)} · {opp.probability}% · {label(opp.forecastCategory)}
        {opp.closeReason ? ` · ${opp.closeReason}` : ''}
      </Text>
      <Card withBorder component="section" aria-label="Contacts">
        <Title order={2} size="h4" mb="xs">
          Contacts
        </Title>
        {opp.contacts.length === 0 && <Text c="dimmed">No contacts on this deal yet.</Text>}
        {opp.contacts.map(({ role, contact }) => (
          <Group key={contact.id} justify="space-between">
            <Text>
              {contact.fullName}
              {contact.title ? `, ${contact.title}` : ''}
            </Text>
            <Badge variant="light">{label(role)}</Badge>
          </Group>
        ))}
      </Card>
      <Card withBorder component="section" aria-label="Quotes">
        <Title order={2} size="h4" mb="xs">
          Quotes
        </Title>
        {opp.quotes.length === 0 && <Text c="dimmed">No quotes yet.</Text>}
        <Stack>
          {opp.quotes.map((q) => (
            <div key={q.id}>
              <Group justify="space-between">
                <Text fw={500}>
                  Quote {q.number} · {label(q.status)}
                  {q.validUntil ? ` · valid until ${formatDate(q.validUntil)}` : ''}
                </Text>
              </Group>
              <Table striped aria-label={`Quote ${q.number} lines`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Item</Table.Th>
                    <Table.Th ta="right">Quantity</Table.Th>
                    <Table.Th ta="right">Unit price</Table.Th>
                    <Table.Th ta="right">Discount</Table.Th>
                    <Table.Th ta="right">Net</Table.Th>
                    <Table.Th ta="right">Tax</Table.Th>
                    <Table.Th ta="right">Total</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {q.lines.map((l) => (
                    <Table.Tr key={l.id}>
                      <Table.Td>{l.description}</Table.Td>
                      <Table.Td ta="right">{l.quantity}</Table.Td>
                      <Table.Td ta="right">{money(l.unitPrice)}</Table.Td>
                      <Table.Td ta="right">{l.discountPercent}%</Table.Td>
                      <Table.Td ta="right">{money(l.net)}</Table.Td>
                      <Table.Td ta="right">
                        {money(l.tax)} ({l.taxPercent}%)
                      </Table.Td>
                      <Table.Td ta="right">{money(l.total)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th colSpan={4}>Totals</Table.Th>
                    <Table.Th ta="right">{money(q.subtotal)}</Table.Th>
                    <Table.Th ta="right">{money(q.tax)}</Table.Th>
                    <Table.Th ta="right">{money(q.total)}</Table.Th>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </div>
          ))}
        </Stack>
      </Card>
      <Card withBorder component="section" aria-label="Stage history">
        <Title order={2} size="h4" mb="xs">
          Stage history
        </Title>
        <Stack gap={4} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {opp.stageHistory.map((h) => (
            <li key={`${h.changedAt}-${h.toStage.id}`}>
              <Text size="sm">
                {formatDateTime(h.changedAt)}: {h.fromStage ? `${h.fromStage.name} → ${h.toStage.name}` : `created in ${h.toStage.name}`}
                {h.fromStatus && h.fromStatus !== h.toStatus ? ` (${label(h.fromStatus)} → ${label(h.toStatus)})` : ''}
              </Text>
            </li>
          ))}
        </Stack>
      </Card>
    </Stack>
  );
}
