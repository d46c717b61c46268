import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, Loader, Progress, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime, label, money, textOf } from '../format/format';
import { graphql } from '../gql';
import type { CampaignMemberStatus, CampaignMembersQuery } from '../gql/graphql';
import { BarChart } from '../dashboard/bar-chart';
import { usePeriod } from '../dashboard/dashboard-parts';
import { ErrorNotice } from '../graphql/error-notice';
import { RecordMissing, Section } from '../layout/record-parts';
import { fieldErrors } from '../graphql/errors';
import { listColumns, options, PagedTable } from '../layout/paged-table';
import { useUrlParams } from '../layout/url-params';

// Counted a page at a time: at most 100 per status, shown as "100+" beyond.
const CAMPAIGN = graphql(`
  query CampaignDetail($id: ID!) {
    campaign(id: $id) {
      id
      name
      type
      status
      startDate
      endDate
      budget {
        amount
        currency
      }
      actualCost {
        amount
        currency
      }
      parent {
        id
        name
      }
      memberCounts {
        status
        count
      }
    }
  }
`);

const MEMBERS = graphql(`
  query CampaignMembers($id: ID!, $first: Int!, $after: String, $filter: CampaignMemberFilter) {
    campaign(id: $id) {
      id
      members(first: $first, after: $after, filter: $filter) {
        edges {
          cursor
          node {
            personId
            personKind
            name
            email
            status
            updatedAt
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

// Analytics' figures for this campaign alone: what its sends, links and members brought in a period.
const PERFORMANCE = graphql(`
  query CampaignPerformance($id: ID!, $from: String!, $to: String!) {
    campaignAttribution(from: $from, to: $to, campaignIds: [$id]) {
      campaigns {
        campaignId
        sends
        opens
        clicks
        leads
        mqls
        opportunities
      }
    }
  }
`);

const TEMPLATE = graphql(`
  query EmailTemplate($id: ID!) {
    emailTemplate(id: $id) {
      id
      name
      subject
      html
    }
  }
`);

const CREATE_TEMPLATE = graphql(`
  mutation CreateEmailTemplate($input: CreateEmailTemplateInput!) {
    createEmailTemplate(input: $input) {
      id
    }
  }
`);

const SCHEDULE = graphql(`
  mutation ScheduleCampaignSend($input: ScheduleCampaignSendInput!) {
    scheduleCampaignSend(input: $input) {
      id
    }
  }
`);

const SEND = graphql(`
  query EmailSend($id: ID!) {
    emailSend(id: $id) {
      id
      status
      scheduledAt
      completedAt
      counts {
        sending
        sent
        skipped
        failed
      }
    }
  }
`);

type Member = NonNullable<CampaignMembersQuery['campaign']>['members']['edges'][number]['node'];
const MEMBER_STATUSES: CampaignMemberStatus[] = [
  'TARGETED',
  'SENT',
  'OPENED',
  'CLICKED',
  'RESPONDED',
  'REGISTERED',
  'ATTENDED',
  'UNSUBSCRIBED',
  'BOUNCED',
];
const WRITE = { domain: 'marketing', access: 'write' } as const;

const col = listColumns<Member>();
const columns = col.columns([
  col.accessor('name', {
    header: 'Name',
    cell: (info) => {
      const m = info.row.original;
      const name = info.getValue() ?? m.email;
      return m.personKind === 'LEAD' ? (
        <Anchor component={Link} to={`/leads/${m.personId}`}>
          {name}
        </Anchor>
      ) : (
        name
      );
    },
  }),
  col.accessor('email', { header: 'Email' }),
  col.accessor('personKind', { header: 'Kind', cell: (info) => label(info.getValue()) }),
  col.accessor('status', { header: 'Status', cell: (info) => <Badge variant="light">{label(info.getValue())}</Badge> }),
  col.accessor('updatedAt', { header: 'Changed', cell: (info) => formatDateTime(info.getValue()) }),
]);

function Members({ campaignId }: { campaignId: string }) {
  const [status, setStatus] = useState<CampaignMemberStatus | null>(null);
  const { data, error, loading, fetchMore } = useQuery(MEMBERS, {
    variables: { id: campaignId, first: 50, filter: status ? { status } : {} },
  });
  return (
    <Section title="Members">
      <Select
        label="Status"
        placeholder="Any"
        clearable
        data={options(MEMBER_STATUSES)}
        value={status}
        onChange={(v) => setStatus(v as CampaignMemberStatus | null)}
        w={200}
        mb="sm"
      />
      <PagedTable
        label="Campaign members"
        columns={columns}
        connection={data?.campaign?.members}
        rowKey={(m) => m.personId}
        error={error}
        domain="marketing"
        loading={loading}
        fetchMore={fetchMore}
        empty="No members."
      />
    </Section>
  );
}

/**
 * The template as the recipient's mail reader would draw it, in a sandboxed frame: its HTML is the
 * marketer's, so it runs no script and reaches nothing of the console.
 */
function TemplatePreview({ templateId }: { templateId: string }) {
  const { data, error, loading } = useQuery(TEMPLATE, { variables: { id: templateId } });
  const t = data?.emailTemplate;
  if (loading && !t) return <Loader size="sm" role="progressbar" aria-label="Loading the template" />;
  if (!t) return <ErrorNotice error={error ?? new Error('the template was not found')} />;
  return (
    <Stack gap="xs">
      <Text size="sm">
        <strong>{t.name}</strong> · Subject: {t.subject}
      </Text>
      <iframe title={`Preview of ${t.name}`} sandbox="" srcDoc={t.html} style={{ width: '100%', height: 320, border: '1px solid #ddd' }} />
    </Stack>
  );
}

function SendProgress({ sendId }: { sendId: string }) {
  const { data, error } = useQuery(SEND, { variables: { id: sendId }, pollInterval: 2000 });
  const s = data?.emailSend;
  if (!s) return <ErrorNotice error={error} />;
  const { sending, sent, skipped, failed } = s.counts;
  const total = sending + sent + skipped + failed;
  const done = sent + skipped + failed;
  return (
    <Stack gap="xs" role="status" aria-label="Send progress">
      <Text size="sm">
        {label(s.status)} · scheduled {formatDateTime(s.scheduledAt)}
        {s.completedAt ? ` · completed ${formatDateTime(s.completedAt)}` : ''}
      </Text>
      <Progress value={total ? (100 * done) / total : s.status === 'COMPLETED' ? 100 : 0} aria-label="Sent so far" />
      <Text size="sm">
        Sent {sent} · skipped {skipped} (no consent, unsubscribed or bounced) · failed {failed} · waiting {sending}
      </Text>
    </Stack>
  );
}

/** A template is written, previewed, then sent to every member; the send's progress and the template stay in the URL. */
function EmailSection({ campaignId }: { campaignId: string }) {
  const { params, set } = useUrlParams();
  const templateId = params.get('template');
  const sendId = params.get('send');
  const [create, created] = useMutation(CREATE_TEMPLATE);
  const [schedule, scheduled] = useMutation(SCHEDULE);
  const errors = fieldErrors(created.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = textOf(form, 'text');
    const input = { name: textOf(form, 'name'), subject: textOf(form, 'subject'), html: textOf(form, 'html'), ...(text ? { text } : {}) };
    void create({ variables: { input } }).then(
      ({ data }) => data && set('template', data.createEmailTemplate.id),
      () => undefined,
    );
  };
  const send = () =>
    templateId &&
    void schedule({ variables: { input: { campaignId, templateId } } }).then(
      ({ data }) => data && set('send', data.scheduleCampaignSend.id),
      () => undefined,
    );
  return (
    <Section title="Email">
      {sendId && <SendProgress sendId={sendId} />}
      {templateId ? (
        <Stack>
          <TemplatePreview templateId={templateId} />
          <Group>
            <Button onClick={send} loading={scheduled.loading} disabled={!!sendId}>
              Send to every member now
            </Button>
            <Button variant="default" onClick={() => set('template', null)}>
              Write another template
            </Button>
          </Group>
          <ErrorNotice error={scheduled.error} domain={WRITE} />
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate aria-label="New email template">
          <Stack gap="xs">
            <Group grow>
              <TextInput name="name" label="Template name" error={errors.name} />
              <TextInput name="subject" label="Subject" error={errors.subject} />
            </Group>
            <Textarea name="html" label="HTML" description="Merge fields such as {{firstName}}" autosize minRows={6} error={errors.html} />
            <Textarea name="text" label="Plain text (optional)" autosize minRows={3} error={errors.text} />
            <ErrorNotice error={created.error} skipFields domain={WRITE} />
            <Group justify="end">
              <Button type="submit" loading={created.loading}>
                Save and preview
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}

const FUNNEL = [
  ['sends', 'Sends'],
  ['opens', 'Opens'],
  ['clicks', 'Clicks'],
  ['leads', 'Leads'],
  ['mqls', 'MQLs'],
  ['opportunities', 'Opportunities'],
] as const;

/** Figures as bars, and the same figures as a table (what a screen reader, and a test, reads). */
function FigureChart({
  label: name,
  testId,
  headers,
  figures,
}: {
  label: string;
  testId: string;
  headers: [string, string];
  figures: { name: string; value: number }[];
}) {
  return (
    <>
      <BarChart label={name} categories={figures.map((f) => f.name)} values={figures.map((f) => String(f.value))} testId={testId} />
      <Table aria-label={`${name}, as a table`} mt="sm" maw={420}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{headers[0]}</Table.Th>
            <Table.Th ta="right">{headers[1]}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {figures.map((f) => (
            <Table.Tr key={f.name}>
              <Table.Th scope="row">{f.name}</Table.Th>
              <Table.Td ta="right">{f.value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

/** The campaign's funnel in a period (the last 30 days to begin with), from analytics. */
function Performance({ campaignId }: { campaignId: string }) {
  const { from, to, valid, fields } = usePeriod();
  const { data, error, loading } = useQuery(PERFORMANCE, { variables: { id: campaignId, from, to }, skip: !valid });
  const result = data?.campaignAttribution.campaigns.find((r) => r.campaignId === campaignId);
  return (
    <Section title="Performance">
      {fields}
      <ErrorNotice error={error} domain={{ domain: 'analytics', access: 'read' }} />
      {loading && !data && <Loader size="sm" role="progressbar" aria-label="Loading the performance" />}
      {data && !result && <Text c="dimmed">Nothing of this campaign in this period.</Text>}
      {result && (
        <FigureChart
          label="Funnel"
          testId="campaign-funnel"
          headers={['Step', 'Count']}
          figures={FUNNEL.map(([key, name]) => ({ name, value: result[key] }))}
        />
      )}
    </Section>
  );
}

/** One campaign: its figures, how members responded (opens, clicks), its members, and an email send with its progress. */
export default function CampaignPage() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(CAMPAIGN, { variables: { id } });
  const c = data?.campaign;
  if (loading && !c) return <Loader role="progressbar" aria-label="Loading the campaign" />;
  if (!c) return <RecordMissing what="Campaign" error={error} domain="marketing" />;
  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          {c.name}
        </Title>
        <Group role="group" aria-label="Type and status">
          <Badge size="lg">{label(c.status)}</Badge>
          <Badge size="lg" variant="light">
            {label(c.type)}
          </Badge>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {formatDate(c.startDate)} to {formatDate(c.endDate)} · budget {money(c.budget)} · spent {money(c.actualCost)}
        {c.parent && (
          <>
            {' · part of '}
            <Anchor component={Link} to={`/campaigns/${c.parent.id}`}>
              {c.parent.name}
            </Anchor>
          </>
        )}
      </Text>
      <ErrorNotice error={error} domain={{ domain: 'marketing', access: 'read' }} />
      <Section title="Responses">
        {/* A member's status only moves forward, so each counts once: an opened member who clicked is under clicked. */}
        <FigureChart
          label="Members by status"
          testId="members-by-status"
          headers={['Status', 'Members']}
          figures={c.memberCounts.map((m) => ({ name: label(m.status), value: m.count }))}
        />
      </Section>
      <Performance campaignId={c.id} />
      {c.type === 'EMAIL' && <EmailSection campaignId={c.id} />}
      <Members campaignId={c.id} />
    </Stack>
  );
}
