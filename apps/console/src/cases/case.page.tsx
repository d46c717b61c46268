import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Card, Checkbox, Group, Loader, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { formatDateTime, label, textOf } from '../format/format';
import { graphql } from '../gql';
import type { CaseStatus } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { fieldErrors } from '../graphql/errors';
import { SlaTimer } from './sla';
import { SuggestedArticles } from './suggested-articles';

const CASE = graphql(`
  query CaseDetail($id: ID!) {
    case(id: $id) {
      id
      subject
      description
      type
      channel
      priority
      status
      openedAt
      updatedAt
      closedAt
      escalationLevel
      assigneeId
      firstResponseDueAt
      firstRespondedAt
      firstResponseBreachedAt
      resolutionDueAt
      resolutionBreachedAt
      customer {
        id
        name
      }
    }
    caseThread(caseId: $id, first: 100) {
      edges {
        node {
          id
          internal
          body
          authorId
          postedAt
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const CHANGE_STATUS = graphql(`
  mutation ChangeCaseStatus($input: ChangeCaseStatusInput!) {
    changeCaseStatus(input: $input) {
      id
      status
      closedAt
      updatedAt
      resolutionDueAt
    }
  }
`);

const POST_MESSAGE = graphql(`
  mutation PostCaseMessage($input: PostCaseMessageInput!) {
    postCaseMessage(input: $input) {
      id
    }
  }
`);

const STATUSES: CaseStatus[] = ['NEW', 'OPEN', 'PENDING', 'RESOLVED', 'CLOSED'];

/** One case: its SLA timers, a status move (the server says which moves are allowed), and its thread with a reply box. */
export default function CasePage() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(CASE, { variables: { id } });
  const [next, setNext] = useState<CaseStatus | null>(null);
  const [changeStatus, moved] = useMutation(CHANGE_STATUS);
  const [post, posted] = useMutation(POST_MESSAGE, { refetchQueries: [CASE] });
  const [internal, setInternal] = useState(false);
  const [body, setBody] = useState('');
  const c = data?.case;
  if (loading && !c) return <Loader role="progressbar" aria-label="Loading the case" />;
  if (!c) {
    return (
      <Stack>
        <ErrorNotice error={error} domain={{ domain: 'service', access: 'read' }} />
        {!error && <Text>Case not found.</Text>}
      </Stack>
    );
  }
  const moveErrors = fieldErrors(moved.error);
  const postErrors = fieldErrors(posted.error);
  const onMove = () => {
    if (next)
      void changeStatus({ variables: { input: { caseId: c.id, status: next } } }).then(
        () => setNext(null),
        () => undefined,
      );
  };
  const onPost = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const text = textOf(new FormData(e.currentTarget), 'body');
    void post({ variables: { input: { caseId: c.id, body: text, internal } } }).then(
      () => setBody(''),
      () => undefined,
    );
  };
  const thread = data.caseThread.edges.map((e) => e.node);
  const open = c.status !== 'RESOLVED' && c.status !== 'CLOSED';
  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <div>
          <Title order={1} size="h2">
            {c.subject}
          </Title>
          {c.customer && (
            <Anchor component={Link} to={`/customers/${c.customer.id}`}>
              {c.customer.name}
            </Anchor>
          )}
        </div>
        <Group role="group" aria-label="Status and priority">
          <Badge size="lg">{label(c.status)}</Badge>
          <Badge size="lg" variant="light">
            {label(c.priority)}
          </Badge>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {label(c.type)} · {label(c.channel)} · opened {formatDateTime(c.openedAt)}
        {c.closedAt ? ` · closed ${formatDateTime(c.closedAt)}` : ''}
        {c.escalationLevel > 0 ? ` · escalated ×${c.escalationLevel}` : ''}
      </Text>
      {open && (
        <Group gap="xs" role="group" aria-label="SLA">
          <SlaTimer what="First response" dueAt={c.firstResponseDueAt} metAt={c.firstRespondedAt} breachedAt={c.firstResponseBreachedAt} />
          <SlaTimer what="Resolution" dueAt={c.resolutionDueAt} breachedAt={c.resolutionBreachedAt} />
          {!c.firstResponseDueAt && !c.resolutionDueAt && (
            <Text size="sm" c="dimmed">
              No SLA policy covers {label(c.priority).toLowerCase()} cases.
            </Text>
          )}
        </Group>
      )}
      {c.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Text>}
      <Group align="end">
        <Select
          label="Move to"
          placeholder="Choose a status"
          data={STATUSES.filter((s) => s !== c.status).map((s) => ({ value: s, label: label(s) }))}
          value={next}
          onChange={setNext}
          error={moveErrors.status}
        />
        <Button onClick={onMove} disabled={!next} loading={moved.loading}>
          Move
        </Button>
      </Group>
      <ErrorNotice error={moved.error} skipFields domain={{ domain: 'service', access: 'write' }} />
      <SuggestedArticles caseId={c.id} />
      <Card withBorder component="section" aria-label="Thread">
        <Title order={2} size="h4" mb="xs">
          Thread
        </Title>
        {thread.length === 0 && <Text c="dimmed">No replies or notes yet.</Text>}
        <Stack gap="sm">
          {thread.map((m) => (
            <Card
              key={m.id}
              component="article"
              withBorder
              padding="sm"
              bg={m.internal ? 'yellow.0' : undefined}
              aria-label={m.internal ? 'Internal note' : 'Reply'}
            >
              <Text size="xs" c="dimmed">
                {m.internal ? 'Internal note' : 'Reply to the customer'} · {formatDateTime(m.postedAt)}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
            </Card>
          ))}
          {data.caseThread.pageInfo.hasNextPage && <Text c="dimmed">Only the first 100 messages are shown.</Text>}
        </Stack>
        <form onSubmit={onPost}>
          <Stack gap="xs" mt="md">
            <Textarea
              name="body"
              label={internal ? 'Internal note' : 'Reply to the customer'}
              autosize
              minRows={3}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={postErrors.body}
            />
            <Group justify="space-between">
              <Checkbox
                label="Internal note (the customer never sees it)"
                checked={internal}
                onChange={(e) => setInternal(e.currentTarget.checked)}
              />
              <Button type="submit" loading={posted.loading} disabled={body.trim() === ''}>
                {internal ? 'Add note' : 'Send reply'}
              </Button>
            </Group>
            <ErrorNotice error={posted.error} skipFields domain={{ domain: 'service', access: 'write' }} />
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
