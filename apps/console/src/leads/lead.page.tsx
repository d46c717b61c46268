import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Anchor, Badge, Button, Group, Loader, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDateTime, label, textOf } from '../format/format';
import { graphql } from '../gql';
import type { LeadDetailQuery, LeadStatus } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { RecordMissing, Section } from '../layout/record-parts';
import { fieldErrors } from '../graphql/errors';

const LEAD = graphql(`
  query LeadDetail($id: ID!) {
    lead(id: $id) {
      id
      name
      email
      company
      title
      country
      industry
      status
      source
      unqualifiedReason
      createdAt
      convertedAt
      customerId
      convertedOpportunityId
      customer {
        id
        name
      }
      score {
        score
        fit
        engagement
        marketingQualified
        qualifiedAt
        updatedAt
        fitRules {
          ruleId
          name
          points
        }
      }
      scoreHistory(first: 50) {
        edges {
          node {
            id
            ruleId
            reason
            points
            scoreAfter
            occurredAt
          }
        }
      }
      statusHistory(first: 50) {
        edges {
          node {
            id
            from
            to
            reason
            changedAt
          }
        }
      }
    }
    leadDuplicates(leadId: $id) {
      matchedOn
      lead {
        id
        name
        email
        status
        createdAt
      }
    }
    consentHistory(first: 20, filter: { personId: $id }) {
      edges {
        node {
          id
          channel
          status
          source
          recordedAt
        }
      }
    }
  }
`);

/** Rule names for the score history, which names a rule by id; asked apart so a refusal leaves the lead readable. */
const SCORING_RULE_NAMES = graphql(`
  query ScoringRuleNames {
    scoringRules {
      id
      name
    }
  }
`);

const CHANGE_STATUS = graphql(`
  mutation ChangeLeadStatus($input: ChangeLeadStatusInput!) {
    changeLeadStatus(input: $input) {
      id
      status
      unqualifiedReason
    }
  }
`);

const MERGE = graphql(`
  mutation MergeLeads($input: MergeLeadsInput!) {
    mergeLeads(input: $input) {
      id
    }
  }
`);

const CONVERT = graphql(`
  mutation ConvertLead($input: ConvertLeadInput!) {
    convertLead(input: $input) {
      customerId
      opportunityId
      lead {
        id
        status
        convertedAt
        customerId
        convertedOpportunityId
      }
    }
  }
`);

const CONVERTED_RECORDS = graphql(`
  query ConvertedRecords($customerId: ID!, $opportunityId: ID!, $withOpportunity: Boolean!) {
    customer(id: $customerId) {
      id
    }
    opportunity(id: $opportunityId) @include(if: $withOpportunity) {
      id
    }
  }
`);

/** How often, and how long, the page asks whether sales has created the converted records. */
const CONVERSION_POLL_MS = 500;
const CONVERSION_WAIT_MS = 30_000;

/** The moves a person may ask for; the server decides which are allowed from where, and says why not. */
const MOVES: LeadStatus[] = ['CONTACTED', 'QUALIFIED', 'UNQUALIFIED', 'RECYCLED'];

function StatusMove({ leadId, status }: { leadId: string; status: LeadStatus }) {
  const [next, setNext] = useState<LeadStatus | null>(null);
  const [reason, setReason] = useState('');
  const [change, moved] = useMutation(CHANGE_STATUS, { refetchQueries: [LEAD] });
  const errors = fieldErrors(moved.error);
  const onMove = () => {
    if (!next) return;
    void change({ variables: { input: { leadId, status: next, ...(reason.trim() ? { reason: reason.trim() } : {}) } } }).then(
      () => {
        setNext(null);
        setReason('');
      },
      () => undefined,
    );
  };
  return (
    <Stack gap="xs">
      <Group align="end">
        <Select
          label="Move to"
          placeholder="Choose a status"
          data={MOVES.filter((s) => s !== status).map((s) => ({ value: s, label: label(s) }))}
          value={next}
          onChange={(v) => setNext(v)}
          error={errors.status}
        />
        {next === 'UNQUALIFIED' && (
          <TextInput label="Why not a prospect" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
        )}
        <Button onClick={onMove} disabled={!next} loading={moved.loading}>
          Move
        </Button>
      </Group>
      <ErrorNotice error={moved.error} skipFields domain={{ domain: 'marketing', access: 'write' }} />
    </Stack>
  );
}

/**
 * What a lead was converted into. A conversion answers its minted ids at once, and sales creates
 * the records from the conversion's event moments later: right after converting (`follow`) the
 * page asks until they are there, then opens the opportunity (the customer when none was opened),
 * so a person never lands on a "not found". The links stay for when sales is slow.
 */
function Converted({ customerId, opportunityId, follow }: { customerId: string; opportunityId: string | null; follow: boolean }) {
  const navigate = useNavigate();
  const [gaveUp, setGaveUp] = useState(false);
  const waiting = follow && !gaveUp;
  const { data } = useQuery(CONVERTED_RECORDS, {
    variables: { customerId, opportunityId: opportunityId ?? customerId, withOpportunity: opportunityId !== null },
    fetchPolicy: 'network-only',
    pollInterval: CONVERSION_POLL_MS,
    skip: !waiting,
  });
  const ready = !!data?.customer && (opportunityId === null || !!data.opportunity);
  useEffect(() => {
    if (waiting && ready) void navigate(opportunityId ? `/opportunities/${opportunityId}` : `/customers/${customerId}`);
  }, [waiting, ready, navigate, customerId, opportunityId]);
  useEffect(() => {
    if (!follow) return;
    const timer = setTimeout(() => setGaveUp(true), CONVERSION_WAIT_MS);
    return () => clearTimeout(timer);
  }, [follow]);
  return (
    <Alert color="green" role="status" title="Converted">
      {follow && (
        <Text size="sm">
          {gaveUp ? 'Sales has not created the records yet; they will be at these links.' : 'Opening it as soon as sales has created it…'}
        </Text>
      )}
      <Anchor component={Link} to={`/customers/${customerId}`}>
        Open the new customer
      </Anchor>
      {opportunityId && (
        <>
          {' · '}
          <Anchor component={Link} to={`/opportunities/${opportunityId}`}>
            its opportunity
          </Anchor>
        </>
      )}
    </Alert>
  );
}

/** The conversion form; the lead then is CONVERTED, and the page shows what it became in place of this. */
function Convert({ leadId, company, onConverted }: { leadId: string; company: string | null; onConverted: () => void }) {
  const [convert, converted] = useMutation(CONVERT, { onCompleted: onConverted });
  const errors = fieldErrors(converted.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const customerName = textOf(form, 'customerName');
    const opportunity = textOf(form, 'opportunity');
    void convert({
      variables: {
        input: { leadId, ...(customerName ? { customerName } : {}), ...(opportunity ? { opportunity: { name: opportunity } } : {}) },
      },
    }).catch(() => undefined);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group align="end">
        <TextInput name="customerName" label="Customer name" placeholder={company ?? 'The lead’s name'} error={errors.customerName} />
        <TextInput name="opportunity" label="Open an opportunity named" placeholder="None" error={errors.name} />
        <Button type="submit" loading={converted.loading}>
          Convert
        </Button>
      </Group>
      <ErrorNotice error={converted.error} skipFields domain={{ domain: 'marketing', access: 'write' }} />
    </form>
  );
}

type Lead = NonNullable<LeadDetailQuery['lead']>;

const signed = (points: number) => (points > 0 ? `+${points}` : String(points));

/**
 * What the score is made of: fit (each fit rule that matches the lead now, with its points) plus
 * engagement (what the lead did, decayed), and every change that brought it here, rule by rule.
 * A change without a rule is the fit total moving (FIT) or the points a web form itself carries.
 */
function ScoreBreakdown({ score, history }: { score: Lead['score']; history: Lead['scoreHistory']['edges'][number]['node'][] }) {
  const rules = useQuery(SCORING_RULE_NAMES);
  const ruleName = new Map(rules.data?.scoringRules.map((r) => [r.id, r.name]));
  if (!score) return <Text c="dimmed">Not scored yet.</Text>;
  return (
    <Stack gap="sm">
      <Group gap="xs" role="group" aria-label="Score">
        <Badge size="lg">Score {score.score}</Badge>
        <Badge size="lg" variant="light">
          Fit {score.fit}
        </Badge>
        <Badge size="lg" variant="light">
          Engagement {score.engagement}
        </Badge>
        {score.marketingQualified && (
          <Badge size="lg" color="green">
            Marketing-qualified {score.qualifiedAt ? formatDateTime(score.qualifiedAt) : ''}
          </Badge>
        )}
      </Group>
      <Table aria-label="Fit rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Fit rule</Table.Th>
            <Table.Th ta="right">Points</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {score.fitRules.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={2}>No fit rule matches this lead.</Table.Td>
            </Table.Tr>
          )}
          {score.fitRules.map((r) => (
            <Table.Tr key={r.ruleId}>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td ta="right">{signed(r.points)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Table aria-label="Score history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th ta="right">Points</Table.Th>
            <Table.Th ta="right">Score after</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {history.map((h) => (
            <Table.Tr key={h.id}>
              <Table.Td>{formatDateTime(h.occurredAt)}</Table.Td>
              <Table.Td>
                {h.reason === 'FIT' ? 'Fit' : label(h.reason)}
                {/* Without a rule, an engagement change is the points the web form itself carries. */}
                {h.ruleId ? ` (${ruleName.get(h.ruleId) ?? 'a rule since removed'})` : h.reason === 'FIT' ? '' : ' (the form’s own points)'}
              </Table.Td>
              <Table.Td ta="right">{signed(h.points)}</Table.Td>
              <Table.Td ta="right">{h.scoreAfter}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Duplicates({
  leadId,
  duplicates,
}: {
  leadId: string;
  duplicates: { matchedOn: string[]; lead: { id: string; name: string; email: string; status: string } }[];
}) {
  const [merge, merged] = useMutation(MERGE, { refetchQueries: [LEAD] });
  if (duplicates.length === 0) return <Text c="dimmed">No other lead shares an email address or the company domain.</Text>;
  return (
    <Stack gap="xs">
      <Table aria-label="Possible duplicates">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Lead</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Shares</Table.Th>
            <Table.Th>
              <VisuallyHidden>Merge</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {duplicates.map((d) => (
            <Table.Tr key={d.lead.id}>
              <Table.Td>
                <Anchor component={Link} to={`/leads/${d.lead.id}`}>
                  {d.lead.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{d.lead.email}</Table.Td>
              <Table.Td>{label(d.lead.status)}</Table.Td>
              <Table.Td>{d.matchedOn.map(label).join(', ')}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="light"
                  loading={merged.loading}
                  aria-label={`Merge ${d.lead.name} into this lead`}
                  onClick={() =>
                    void merge({ variables: { input: { survivorId: leadId, duplicateId: d.lead.id } } }).catch(() => undefined)
                  }
                >
                  Merge into this lead
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ErrorNotice error={merged.error} domain={{ domain: 'marketing', access: 'write' }} />
    </Stack>
  );
}

/** One lead: its status with the moves the server allows (a refusal says why), history, consent, duplicates and conversion. */
export default function LeadPage() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(LEAD, { variables: { id } });
  // Converted on this visit: the page then follows the conversion to its records.
  const [justConverted, setJustConverted] = useState(false);
  const lead = data?.lead;
  if (loading && !lead) return <Loader role="progressbar" aria-label="Loading the lead" />;
  if (!lead) return <RecordMissing what="Lead" error={error} domain="marketing" />;
  const history = lead.statusHistory.edges.map((e) => e.node);
  const consent = data.consentHistory.edges.map((e) => e.node);
  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <div>
          <Title order={1} size="h2">
            {lead.name}
          </Title>
          <Text size="sm">
            {lead.email}
            {lead.company ? ` · ${lead.company}` : ''}
            {lead.title ? ` · ${lead.title}` : ''}
          </Text>
          {lead.customer && (
            <Anchor component={Link} to={`/customers/${lead.customer.id}`}>
              {lead.customer.name}
            </Anchor>
          )}
        </div>
        <Group role="group" aria-label="Status">
          <Badge size="lg">{label(lead.status)}</Badge>
          <Badge size="lg" variant="light">
            {label(lead.source)}
          </Badge>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        Captured {formatDateTime(lead.createdAt)}
        {lead.convertedAt ? ` · converted ${formatDateTime(lead.convertedAt)}` : ''}
        {lead.unqualifiedReason ? ` · not a prospect: ${lead.unqualifiedReason}` : ''}
      </Text>
      <ErrorNotice error={error} domain={{ domain: 'marketing', access: 'read' }} />
      {lead.status !== 'CONVERTED' && <StatusMove leadId={lead.id} status={lead.status} />}
      <Section title="Score">
        <ScoreBreakdown score={lead.score} history={lead.scoreHistory.edges.map((e) => e.node)} />
      </Section>
      <Section title="Status history">
        {history.length === 0 && <Text c="dimmed">No moves yet.</Text>}
        <Stack gap={4} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {history.map((h) => (
            <li key={h.id}>
              <Text size="sm">
                {formatDateTime(h.changedAt)}: {label(h.from)} → {label(h.to)}
                {h.reason ? ` (${h.reason})` : ''}
              </Text>
            </li>
          ))}
        </Stack>
      </Section>
      <Section title="Consent">
        {consent.length === 0 && <Text c="dimmed">No consent recorded.</Text>}
        <Stack gap={4} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {consent.map((c) => (
            <li key={c.id}>
              <Text size="sm">
                {formatDateTime(c.recordedAt)}: {label(c.channel)} {label(c.status).toLowerCase()} ({label(c.source).toLowerCase()})
              </Text>
            </li>
          ))}
        </Stack>
      </Section>
      <Section title="Possible duplicates">
        <Duplicates leadId={lead.id} duplicates={data.leadDuplicates} />
      </Section>
      {lead.status !== 'CONVERTED' ? (
        <Section title="Convert">
          <Convert leadId={lead.id} company={lead.company ?? null} onConverted={() => setJustConverted(true)} />
        </Section>
      ) : (
        lead.customerId && (
          <Section title="Converted">
            <Converted customerId={lead.customerId} opportunityId={lead.convertedOpportunityId ?? null} follow={justConverted} />
          </Section>
        )
      )}
    </Stack>
  );
}
