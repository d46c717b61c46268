import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Card, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../auth/session';
import { formatDateTime, label, textOf } from '../format/format';
import { ErrorNotice } from '../graphql/error-notice';
import { fieldErrors } from '../graphql/errors';
import { PageLoader } from '../layout/page-loader';
import { listColumns, options, PagedTable } from '../layout/paged-table';
import { RecordMissing, Section } from '../layout/record-parts';
import { useUrlParams } from '../layout/url-params';
import type { CasePriority, CaseStatus, CaseType, PortalCasesQuery } from './gql/graphql';
import { RequestReturnForm } from './portal-returns';
import { PORTAL_CASE, PORTAL_CASE_THREAD, PORTAL_CASES, PORTAL_OPEN_CASE, PORTAL_REPLY } from './portal-operations';

const STATUSES: CaseStatus[] = ['NEW', 'OPEN', 'PENDING', 'RESOLVED', 'CLOSED'];
const PRIORITIES: CasePriority[] = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];
const TYPES: CaseType[] = ['REQUEST', 'INCIDENT', 'COMPLAINT', 'RETURN'];
/** The thread's one page: a case with more messages says so rather than paging silently. */
const THREAD_PAGE = 100;

type Row = PortalCasesQuery['cases']['edges'][number]['node'];
const col = listColumns<Row>();
const columns = col.columns([
  col.accessor('subject', {
    header: 'Subject',
    cell: (info) => (
      <Anchor component={Link} to={`/portal/cases/${info.row.original.id}`}>
        {info.getValue()}
      </Anchor>
    ),
  }),
  col.accessor('status', { header: 'Status', cell: (info) => <Badge variant="light">{label(info.getValue())}</Badge> }),
  col.accessor('priority', { header: 'Priority', cell: (info) => label(info.getValue()) }),
  col.accessor('openedAt', { header: 'Opened', cell: (info) => formatDateTime(info.getValue()) }),
  col.accessor('updatedAt', { header: 'Last change', cell: (info) => formatDateTime(info.getValue()) }),
]);

/** The contact's company's cases, newest first (the endpoint answers no other customer's). */
export function PortalCasesPage() {
  const { params, set } = useUrlParams();
  const status = params.get('status') as CaseStatus | null;
  const { data, error, loading, fetchMore } = useQuery(PORTAL_CASES, { variables: { first: 50, filter: status ? { status } : {} } });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          My cases
        </Title>
        <Button component={Link} to="/portal/new-case">
          Ask for help
        </Button>
      </Group>
      <Select
        label="Status"
        placeholder="Any"
        clearable
        data={options(STATUSES)}
        value={status}
        onChange={(v) => set('status', v)}
        w={200}
      />
      <PagedTable
        label="My cases"
        columns={columns}
        connection={data?.cases}
        rowKey={(r) => r.id}
        error={error}
        loading={loading}
        fetchMore={fetchMore}
        empty="No cases yet."
      />
    </Stack>
  );
}

/** The survey sent when the case was resolved: the answer given, or until when its emailed link works. */
function Satisfaction({ survey }: { survey: { sentAt: string; expiresAt: string; score?: number | null; comment?: string | null } }) {
  if (survey.score) {
    return (
      <Text size="sm">
        You rated our help {survey.score} of 5{survey.comment ? `: “${survey.comment}”` : '.'}
      </Text>
    );
  }
  return (
    <Text size="sm">
      We sent you a short survey on {formatDateTime(survey.sentAt)}; the link in that email works until {formatDateTime(survey.expiresAt)}.
    </Text>
  );
}

function Thread({ caseId, closed }: { caseId: string; closed: boolean }) {
  // A message is the contact's own when the user it signed in as wrote it (the token's subject, not its contact id).
  const me = useSession()?.userId;
  const { data, error, loading } = useQuery(PORTAL_CASE_THREAD, { variables: { caseId, first: THREAD_PAGE } });
  const [reply, replied] = useMutation(PORTAL_REPLY, { refetchQueries: [PORTAL_CASE_THREAD], awaitRefetchQueries: true });
  const [body, setBody] = useState('');
  const errors = fieldErrors(replied.error);
  const messages = data?.caseThread.edges.map((e) => e.node) ?? [];
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    reply({ variables: { input: { caseId, body } } }).then(
      () => setBody(''),
      () => undefined, // shown from replied.error
    );
  };
  return (
    <Section title="Conversation">
      <ErrorNotice error={error} />
      {loading && !data && <PageLoader />}
      {data && messages.length === 0 && <Text c="dimmed">No messages yet: support will answer here.</Text>}
      <Stack gap="sm">
        {messages.map((m) => {
          const mine = m.authorId === me;
          return (
            <Card key={m.id} component="article" withBorder padding="sm" aria-label={mine ? 'Your message' : 'Reply from support'}>
              <Text size="xs" c="dimmed">
                {mine ? 'You' : 'Support'} · {formatDateTime(m.postedAt)}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
            </Card>
          );
        })}
        {data?.caseThread.pageInfo.hasNextPage && <Text c="dimmed">Only the first {THREAD_PAGE} messages are shown.</Text>}
      </Stack>
      {closed ? (
        <Text mt="md" c="dimmed">
          This case is closed. To follow up, ask for help again.
        </Text>
      ) : (
        <form onSubmit={onSubmit}>
          <Stack gap="xs" mt="md">
            <Textarea
              label="Your reply"
              autosize
              minRows={3}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={errors.body}
            />
            <ErrorNotice error={replied.error} skipFields={['body']} />
            <Group justify="flex-end">
              <Button type="submit" loading={replied.loading} disabled={body.trim() === ''}>
                Send reply
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}

/** One of the contact's cases and its conversation; another customer's case reads as one that does not exist. */
export function PortalCasePage() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(PORTAL_CASE, { variables: { id } });
  const c = data?.case;
  if (loading && !c) return <PageLoader />;
  if (!c) return <RecordMissing what="Case" error={error} />;
  return (
    <Stack>
      <Title order={1} size="h2">
        {c.subject}
      </Title>
      <Group gap="xs" role="group" aria-label="Status and priority">
        <Badge>{label(c.status)}</Badge>
        <Badge variant="light">{label(c.priority)}</Badge>
        <Text size="sm" c="dimmed">
          {label(c.type)} · opened {formatDateTime(c.openedAt)} · last change {formatDateTime(c.updatedAt)}
        </Text>
      </Group>
      {c.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Text>}
      {c.satisfaction && <Satisfaction survey={c.satisfaction} />}
      {c.type === 'RETURN' && c.status !== 'CLOSED' && <RequestReturnForm caseId={c.id} />}
      <Thread caseId={c.id} closed={c.status === 'CLOSED'} />
    </Stack>
  );
}

/** A new case for the contact's own company; the server sets the PORTAL channel and the contact from the token. */
export function NewCasePage() {
  const navigate = useNavigate();
  const customerId = useSession()?.customerId ?? '';
  const [open, opened] = useMutation(PORTAL_OPEN_CASE);
  const [type, setType] = useState<CaseType>('REQUEST');
  const [priority, setPriority] = useState<CasePriority>('MEDIUM');
  const errors = fieldErrors(opened.error);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const description = textOf(form, 'description');
    open({
      variables: { input: { customerId, subject: textOf(form, 'subject'), type, priority, ...(description ? { description } : {}) } },
    }).then(
      ({ data }) => data && void navigate(`/portal/cases/${data.openCase.id}`),
      () => undefined, // shown from opened.error
    );
  };
  return (
    <Card withBorder component="form" onSubmit={onSubmit} noValidate maw={560} aria-label="Ask for help">
      <Stack>
        <Title order={1} size="h2">
          Ask for help
        </Title>
        <TextInput name="subject" label="Subject" required error={errors.subject} />
        <Textarea name="description" label="What happened?" autosize minRows={4} error={errors.description} />
        <Group grow>
          <Select
            label="Kind"
            data={options(TYPES)}
            value={type}
            allowDeselect={false}
            onChange={(v) => v && setType(v as CaseType)}
            error={errors.type}
          />
          <Select
            label="Priority"
            data={options(PRIORITIES)}
            value={priority}
            allowDeselect={false}
            onChange={(v) => v && setPriority(v as CasePriority)}
            error={errors.priority}
          />
        </Group>
        {/* The customer is the token's, not a field of this form: an error naming it is said here. */}
        <ErrorNotice error={opened.error} skipFields={['subject', 'description', 'type', 'priority']} />
        <Button type="submit" loading={opened.loading}>
          Send
        </Button>
      </Stack>
    </Card>
  );
}
