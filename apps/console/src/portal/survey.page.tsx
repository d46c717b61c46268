import { ServerError } from '@apollo/client/errors';
import { Alert, Button, Card, Center, Group, Radio, Stack, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { textOf } from '../format/format';
import { ErrorNotice } from '../graphql/error-notice';
import { fieldErrors } from '../graphql/errors';

const SCORES = [
  ['1', '1, very unhappy'],
  ['2', '2, unhappy'],
  ['3', '3, neither'],
  ['4', '4, happy'],
  ['5', '5, very happy'],
] as const;

/**
 * POSTs the answer to the survey link's endpoint. A refusal comes back as JSON errors naming the
 * part at fault (the token, the score, the comment), read the way a GraphQL refusal is.
 */
async function answer(token: string, score: number, comment: string): Promise<void> {
  const response = await fetch(`/csat/${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ score, ...(comment ? { comment } : {}) }),
  });
  if (!response.ok) throw new ServerError(`HTTP ${response.status}`, { response, bodyText: await response.text() });
}

/**
 * The satisfaction survey a contact reaches from the link emailed when its case was resolved: no
 * sign-in, the signed token in the address is the authority, and it takes one answer.
 */
export default function SurveyPage() {
  const { token = '' } = useParams();
  const [score, setScore] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(false);
  const errors = fieldErrors(failure);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const comment = textOf(new FormData(e.currentTarget), 'comment');
    setFailure(null);
    setSending(true);
    // No score picked is sent as one: the server's refusal names the field, as for any other mistake.
    answer(token, Number(score ?? 0), comment)
      .then(() => setDone(true), setFailure)
      .finally(() => setSending(false));
  };
  return (
    <Center mih="100vh">
      <Card withBorder w={560} padding="xl" component="main">
        {done ? (
          <Alert color="green" role="status" title="Thank you">
            Your answer was recorded.
          </Alert>
        ) : (
          <form onSubmit={onSubmit} noValidate aria-label="Satisfaction survey">
            <Stack>
              <Title order={1} size="h2">
                How did we do?
              </Title>
              <Radio.Group label="How happy are you with how your case was handled?" value={score} onChange={setScore} error={errors.score}>
                <Group mt="xs">
                  {SCORES.map(([value, text]) => (
                    <Radio key={value} value={value} label={text} />
                  ))}
                </Group>
              </Radio.Group>
              <Textarea name="comment" label="Anything to add? (optional)" autosize minRows={3} error={errors.comment} />
              {/* The token is the address, not a field: an expired, altered or answered link is said here. */}
              <ErrorNotice error={failure} skipFields={['score', 'comment']} />
              <Button type="submit" loading={sending}>
                Send
              </Button>
            </Stack>
          </form>
        )}
      </Card>
    </Center>
  );
}
