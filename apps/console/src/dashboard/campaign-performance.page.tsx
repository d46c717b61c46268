import { useQuery } from '@apollo/client/react';
import { Anchor, Card, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { money } from '../format/format';
import { graphql } from '../gql';
import { ErrorNotice } from '../graphql/error-notice';
import { BarChart } from './bar-chart';
import { usePeriod } from './dashboard-parts';

const CAMPAIGN_ATTRIBUTION = graphql(`
  query CampaignAttribution($from: String!, $to: String!) {
    campaignAttribution(from: $from, to: $to) {
      truncated
      campaigns {
        campaignId
        name
        sends
        opens
        clicks
        leads
        mqls
        opportunities
        attribution {
          currency
          firstTouchPipeline {
            ...AttributedAmount
          }
          lastTouchPipeline {
            ...AttributedAmount
          }
          linearPipeline {
            ...AttributedAmount
          }
          firstTouchWon {
            ...AttributedAmount
          }
          lastTouchWon {
            ...AttributedAmount
          }
          linearWon {
            ...AttributedAmount
          }
        }
      }
    }
  }
  fragment AttributedAmount on Money {
    amount
    currency
  }
`);

const FUNNEL = ['sends', 'opens', 'clicks', 'leads', 'mqls', 'opportunities'] as const;
const FUNNEL_HEADERS = ['Sends', 'Opens', 'Clicks', 'Leads', 'MQLs', 'Opportunities'];

/**
 * Each campaign's funnel in a period (sends to opportunities) and the pipeline and won revenue
 * credited to it by first touch, last touch and linear attribution, per currency.
 */
export default function CampaignPerformancePage() {
  const { from, to, valid, fields } = usePeriod();
  const { data, error, loading } = useQuery(CAMPAIGN_ATTRIBUTION, { variables: { from, to }, skip: !valid });
  const results = data?.campaignAttribution;
  const campaigns = results?.campaigns ?? [];
  const credited = campaigns.flatMap((c) => c.attribution.map((a) => ({ campaign: c, a })));
  return (
    <Stack>
      <Title order={1} size="h2">
        Campaign performance
      </Title>
      {fields}
      {/* The server checks the period: its reason shows here. */}
      <ErrorNotice error={error} domain={{ domain: 'analytics', access: 'read' }} />
      {loading && <Loader role="progressbar" aria-label="Loading campaign performance" />}
      {results && campaigns.length === 0 && <Text c="dimmed">No campaign in this period.</Text>}
      {results?.truncated && <Text c="dimmed">Only the first {campaigns.length} campaigns by name are shown.</Text>}
      {campaigns.length > 0 && (
        <>
          <Card withBorder component="section" aria-label="Funnel by campaign">
            <Title order={2} size="h4" mb="xs">
              Funnel by campaign
            </Title>
            <BarChart
              label="Leads by campaign"
              categories={campaigns.map((c) => c.name)}
              values={campaigns.map((c) => String(c.leads))}
              testId="leads-by-campaign"
            />
            <Table aria-label="Funnel by campaign" mt="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Campaign</Table.Th>
                  {FUNNEL_HEADERS.map((h) => (
                    <Table.Th key={h} ta="right">
                      {h}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {campaigns.map((c) => (
                  <Table.Tr key={c.campaignId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/campaigns/${c.campaignId}`}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    {FUNNEL.map((k) => (
                      <Table.Td key={k} ta="right">
                        {c[k]}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          <Card withBorder component="section" aria-label="Attribution">
            <Title order={2} size="h4" mb="xs">
              Pipeline and won revenue credited
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              A touch is a form submitted for the campaign, a click on its email, or a lead or contact of the customer joining it before the
              opportunity was created. First touch credits the earliest, last touch the latest, linear each an equal share.
            </Text>
            {credited.length === 0 ? (
              <Text c="dimmed">No opportunity in this period was touched by a campaign.</Text>
            ) : (
              <Table.ScrollContainer minWidth={800}>
                <Table aria-label="Attribution by campaign">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Campaign</Table.Th>
                      <Table.Th ta="right">Pipeline, first touch</Table.Th>
                      <Table.Th ta="right">Pipeline, last touch</Table.Th>
                      <Table.Th ta="right">Pipeline, linear</Table.Th>
                      <Table.Th ta="right">Won, first touch</Table.Th>
                      <Table.Th ta="right">Won, last touch</Table.Th>
                      <Table.Th ta="right">Won, linear</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {credited.map(({ campaign, a }) => (
                      <Table.Tr key={`${campaign.campaignId}-${a.currency}`}>
                        <Table.Td>{campaign.name}</Table.Td>
                        {[a.firstTouchPipeline, a.lastTouchPipeline, a.linearPipeline, a.firstTouchWon, a.lastTouchWon, a.linearWon].map(
                          (m, i) => (
                            <Table.Td key={i} ta="right">
                              {money(m)}
                            </Table.Td>
                          ),
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>
        </>
      )}
    </Stack>
  );
}
