import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, Loader, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime, label, money } from '../format/format';
import { graphql } from '../gql';
import { OpenCaseButton } from '../cases/open-case';
import { ChurnAndCrossSell } from './churn-and-cross-sell';
import { Loyalty } from './loyalty';
import { ErrorNotice } from '../graphql/error-notice';
import { graphqlErrors, missingPart } from '../graphql/errors';
import { Section } from '../layout/record-parts';
import { recordPath } from '../layout/record-path';

const CUSTOMER_360 = graphql(`
  query Customer360($id: ID!) {
    customer(id: $id) {
      id
      name
      kind
      domain
      website
      industry
      size
      tier
      lifecycleStage
      tags
      createdAt
      contacts {
        id
        fullName
        email
        phone
        title
        role
      }
      opportunities {
        id
        name
        amount {
          amount
          currency
        }
        closeDate
        status
        stage {
          id
          name
        }
      }
      leads {
        id
        name
        email
        source
        status
      }
      cases {
        id
        subject
        type
        priority
        status
        openedAt
      }
      partners {
        id
        name
        kind
      }
      metrics {
        interactionCount
        lastInteractionAt
      }
    }
  }
`);

const TIMELINE = graphql(`
  query CustomerTimeline($id: ID!, $first: Int!, $after: String) {
    customer(id: $id) {
      id
      timeline(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            occurredAt
            type
            source
            summary
            link {
              type
              id
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

const LIFETIME_VALUE = graphql(`
  query CustomerLifetimeValue($id: ID!) {
    customer(id: $id) {
      id
      intelligence {
        lifetimeValue {
          amount
          currency
        }
        predictedValue12Months {
          amount
          currency
        }
      }
    }
  }
`);

const RFM = graphql(`
  query CustomerRfm($id: ID!, $currency: String!) {
    customer(id: $id) {
      id
      intelligence {
        rfm(currency: $currency) {
          currency
          recency
          frequency
          monetary
          segment
          lastPurchaseAt
          purchases
          revenue {
            amount
            currency
          }
        }
      }
    }
  }
`);

function Empty({ what }: { what: string }) {
  return <Text c="dimmed">No {what} yet.</Text>;
}

/** An entry's sentence, a link to the record it names where the console has a page for it (not this customer's own). */
function EntrySummary({ summary, link, customerId }: { summary: string; link?: { type: string; id: string } | null; customerId: string }) {
  const to = link && !(link.type === 'Customer' && link.id === customerId) ? recordPath(link.type, link.id) : null;
  return to ? (
    <Anchor component={Link} to={to} size="sm">
      {summary}
    </Anchor>
  ) : (
    <Text size="sm">{summary}</Text>
  );
}

/**
 * What analytics makes of the customer's won deals: lifetime value per currency (never converted),
 * the next 12 months' predicted value, and its RFM scores among the customers that bought in one currency (the first, or the one picked).
 */
function Intelligence({ customerId }: { customerId: string }) {
  const ltv = useQuery(LIFETIME_VALUE, { variables: { id: customerId }, fetchPolicy: 'cache-and-network' });
  const values = ltv.data?.customer?.intelligence?.lifetimeValue ?? [];
  const predicted = ltv.data?.customer?.intelligence?.predictedValue12Months ?? [];
  const [currency, setCurrency] = useState<string | null>(null);
  const picked = currency ?? values[0]?.currency ?? null;
  const rfm = useQuery(RFM, { variables: { id: customerId, currency: picked ?? '' }, skip: !picked });
  const score = rfm.data?.customer?.intelligence?.rfm;
  const missing = !ltv.data?.customer?.intelligence && graphqlErrors(ltv.error).length > 0;
  return (
    <Section title="Intelligence" missing={missing && !ltv.loading}>
      {ltv.loading && !ltv.data && <Loader size="sm" role="progressbar" aria-label="Loading the intelligence" />}
      {ltv.data && values.length === 0 && <Text c="dimmed">No won deal yet: no lifetime value or RFM score.</Text>}
      {values.length > 0 && (
        <Table variant="vertical" withTableBorder={false}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th>Lifetime value</Table.Th>
              <Table.Td>{values.map(money).join(' · ')}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th title="Half the revenue won in the last 24 months, times (1 − churn risk)">Next 12 months (predicted)</Table.Th>
              <Table.Td>{predicted.length ? predicted.map(money).join(' · ') : 'No win in the last 24 months'}</Table.Td>
            </Table.Tr>
            {values.length > 1 && (
              <Table.Tr>
                <Table.Th>RFM in</Table.Th>
                <Table.Td>
                  <Select
                    aria-label="RFM currency"
                    data={values.map((v) => v.currency)}
                    value={picked}
                    allowDeselect={false}
                    onChange={setCurrency}
                    w={100}
                  />
                </Table.Td>
              </Table.Tr>
            )}
            <Table.Tr>
              <Table.Th>RFM segment</Table.Th>
              <Table.Td>{score ? <Badge variant="light">{score.segment}</Badge> : rfm.loading ? '…' : '—'}</Table.Td>
            </Table.Tr>
            {score && (
              <>
                <Table.Tr>
                  <Table.Th>Scores (1 to 5)</Table.Th>
                  <Table.Td>
                    Recency {score.recency} · frequency {score.frequency} · monetary {score.monetary}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Purchases</Table.Th>
                  <Table.Td>
                    {score.purchases} for {money(score.revenue)}, last {formatDateTime(score.lastPurchaseAt)}
                  </Table.Td>
                </Table.Tr>
              </>
            )}
          </Table.Tbody>
        </Table>
      )}
      <ErrorNotice error={rfm.error} domain={{ domain: 'analytics', access: 'read' }} />
    </Section>
  );
}

/**
 * The timeline's first page, asked for as the page opens, beside the 360 query: waiting for the
 * 360 before asking for it put one round trip after the other (bench/console-360.bench.ts).
 * Coming back to a customer shows what happened meanwhile: the cached page first, then the server's.
 */
function useTimeline(customerId: string) {
  return useQuery(TIMELINE, { variables: { id: customerId, first: 20 }, fetchPolicy: 'cache-and-network' });
}

function Timeline({ customerId, query }: { customerId: string; query: ReturnType<typeof useTimeline> }) {
  const { data, error, loading, fetchMore, refetch } = query;
  const sentinel = useRef<HTMLDivElement>(null);
  const timeline = data?.customer?.timeline;
  const pageInfo = timeline?.pageInfo;
  // Infinite scroll: the next page loads as the end of the list comes into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !pageInfo?.hasNextPage) return;
    let busy = false;
    const observer = new IntersectionObserver(([entry]) => {
      if (!entry?.isIntersecting || busy) return;
      busy = true;
      void fetchMore({ variables: { after: pageInfo.endCursor } }).finally(() => (busy = false));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [pageInfo, fetchMore]);
  const missing = !timeline && graphqlErrors(error).length > 0;
  return (
    <Section title="Timeline" missing={missing && !loading}>
      <Group justify="flex-end" mb="xs">
        <Button size="xs" variant="subtle" onClick={() => void refetch()} loading={loading && !!timeline}>
          Refresh
        </Button>
      </Group>
      {loading && !timeline && <Loader size="sm" role="progressbar" aria-label="Loading the timeline" />}
      {timeline && timeline.edges.length === 0 && <Empty what="interactions" />}
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Timeline entries">
        {timeline?.edges.map(({ node }) => (
          <li key={node.id} data-entry={node.id}>
            <Group gap="xs" wrap="nowrap" align="baseline">
              <Text size="xs" c="dimmed" w={150} style={{ flexShrink: 0 }}>
                {formatDateTime(node.occurredAt)}
              </Text>
              <Badge size="xs" variant="outline">
                {label(node.type)}
              </Badge>
              <EntrySummary summary={node.summary} link={node.link} customerId={customerId} />
            </Group>
          </li>
        ))}
      </Stack>
      <div ref={sentinel} style={{ height: 1 }} />
      {pageInfo?.hasNextPage && <Loader size="xs" role="progressbar" aria-label="Loading more" />}
    </Section>
  );
}

export default function Customer360Page() {
  const { id = '' } = useParams();
  // A person coming back to a customer (after opening a case, say) sees it as it is now: the cached
  // 360 at once, then the server's answer.
  const { data, error, loading } = useQuery(CUSTOMER_360, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const timeline = useTimeline(id);
  const customer = data?.customer;
  const errors = graphqlErrors(error);
  const missing = (field: string) =>
    errors.some((e) => e.path?.[1] === field) || (!!customer && customer[field as keyof typeof customer] === null);
  if (loading && !customer) return <Loader role="progressbar" aria-label="Loading the customer" />;
  if (!customer) {
    return (
      <Stack>
        <ErrorNotice error={error} domain={{ domain: 'sales', access: 'read' }} />
        {!error && <Text>Customer not found.</Text>}
      </Stack>
    );
  }
  const down = errors.filter((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE').map(missingPart);
  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          {customer.name}
        </Title>
        <Badge size="lg">{label(customer.lifecycleStage)}</Badge>
      </Group>
      {down.length > 0 && (
        <Text role="status" c="red.9">
          Not available right now: {down.join(', ')}. The rest of the customer is shown.
        </Text>
      )}
      <ErrorNotice error={errors.some((e) => e.extensions?.code !== 'SERVICE_UNAVAILABLE') ? error : null} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Section title="Profile" missing={false}>
          <Table variant="vertical" withTableBorder={false}>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                <Table.Td>{label(customer.kind)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Domain</Table.Th>
                <Table.Td>{customer.domain ?? '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Industry</Table.Th>
                <Table.Td>{customer.industry ?? '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Size</Table.Th>
                <Table.Td>{label(customer.size)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Tier</Table.Th>
                <Table.Td>{customer.tier ?? '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Interactions</Table.Th>
                <Table.Td>
                  {customer.metrics
                    ? `${customer.metrics.interactionCount}, last ${formatDateTime(customer.metrics.lastInteractionAt)}`
                    : '—'}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Customer since</Table.Th>
                <Table.Td>{formatDateTime(customer.createdAt)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Section>
        <Section title="Contacts" missing={false} count={customer.contacts.length}>
          {customer.contacts.length === 0 && <Empty what="contacts" />}
          <Stack gap={6}>
            {customer.contacts.map((c) => (
              <div key={c.id}>
                <Text fw={500}>{c.fullName}</Text>
                <Text size="sm" c="dimmed">
                  {[c.title, c.role, c.email, c.phone].filter(Boolean).join(' · ')}
                </Text>
              </div>
            ))}
          </Stack>
        </Section>
        <Section title="Deals" missing={false} count={customer.opportunities.length}>
          {customer.opportunities.length === 0 && <Empty what="deals" />}
          <Stack gap={6}>
            {customer.opportunities.map((o) => (
              <Group key={o.id} justify="space-between">
                <Anchor component={Link} to={`/opportunities/${o.id}`}>
                  {o.name}
                </Anchor>
                <Text size="sm">
                  {money(o.amount)} · {o.status === 'OPEN' ? o.stage.name : label(o.status)} · closes {formatDate(o.closeDate)}
                </Text>
              </Group>
            ))}
          </Stack>
        </Section>
        <Section title="Leads" missing={missing('leads')} count={customer.leads?.length}>
          {customer.leads?.length === 0 && <Empty what="leads" />}
          {customer.leads?.map((l) => (
            <Text key={l.id} size="sm">
              {l.name} &lt;{l.email}&gt; · {label(l.source)} · {label(l.status)}
            </Text>
          ))}
        </Section>
        <Section title="Cases" missing={missing('cases')} count={customer.cases?.length}>
          <Group justify="flex-end" mb="xs">
            <OpenCaseButton customerId={customer.id} />
          </Group>
          {customer.cases?.length === 0 && <Empty what="cases" />}
          {customer.cases?.map((c) => (
            <Group key={c.id} justify="space-between">
              <Anchor component={Link} to={`/cases/${c.id}`} size="sm">
                {c.subject}
              </Anchor>
              <Text size="sm" c="dimmed">
                {label(c.priority)} · {label(c.status)} · {formatDateTime(c.openedAt)}
              </Text>
            </Group>
          ))}
        </Section>
        <Section title="Partners" missing={missing('partners')} count={customer.partners?.length}>
          {customer.partners?.length === 0 && <Empty what="partners" />}
          {customer.partners?.map((p) => (
            <Text key={p.id} size="sm">
              {p.name} · {label(p.kind)}
            </Text>
          ))}
        </Section>
        <Loyalty customerId={customer.id} />
        <Intelligence customerId={customer.id} />
        <ChurnAndCrossSell customerId={customer.id} />
      </SimpleGrid>
      <Timeline customerId={customer.id} query={timeline} />
    </Stack>
  );
}
