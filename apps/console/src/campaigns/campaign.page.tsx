import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, Loader, Progress, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime, label, money, textOf } from '../format/format';
import { graphql } from '../gql';
import type { CampaignMemberStatus, CampaignMembersQuery } from '../gql/graphql';
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
      sent: members(first: 100, filter: { status: SENT }) {
        ...MemberCount
      }
      opened: members(first: 100, filter: { status: OPENED }) {
        ...MemberCount
      }
      clicked: members(first: 100, filter: { status: CLICKED }) {
        ...MemberCount
      }
      responded: members(first: 100, filter: { status: RESPONDED }) {
        ...MemberCount
      }
      unsubscribed: members(first: 100, filter: { status: UNSUBSCRIBED }) {
        ...MemberCount
      }
      bounced: members(first: 100, filter: { status: BOUNCED }) {
        ...MemberCount
      }
    }
  }
  fragment MemberCount on CampaignMemberConnection {
    edges {
      cursor
    }
    pageInfo {
      hasNextPage
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

const count = (c: { edges: unknown[]; pageInfo: { hasNextPage: boolean } }) => `${c.edges.length}${c.pageInfo.hasNextPage ? '+' : ''}`;

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
        <SimpleGrid cols={{ base: 3, md: 6 }}>
          <Text size="sm">Sent, not opened: {count(c.sent)}</Text>
          <Text size="sm">Opened: {count(c.opened)}</Text>
          <Text size="sm">Clicked: {count(c.clicked)}</Text>
          <Text size="sm">Responded: {count(c.responded)}</Text>
          <Text size="sm">Unsubscribed: {count(c.unsubscribed)}</Text>
          <Text size="sm">Bounced: {count(c.bounced)}</Text>
        </SimpleGrid>
      </Section>
      {c.type === 'EMAIL' && <EmailSection campaignId={c.id} />}
      <Members campaignId={c.id} />
    </Stack>
  );
}
