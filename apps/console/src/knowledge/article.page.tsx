import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { formatDateTime, label } from '../format/format';
import { graphql } from '../gql';
import { ErrorNotice } from '../graphql/error-notice';
import { RecordMissing } from '../layout/record-parts';
import { ArticleForm } from './article-form';

const ARTICLE = graphql(`
  query KnowledgeArticle($id: ID!) {
    knowledgeArticle(id: $id) {
      id
      title
      body
      status
      visibility
      categoryId
      publishedVersion
      latestVersion
      helpfulCount
      notHelpfulCount
      updatedAt
      publishedAt
      versions {
        version
        title
        body
        editedAt
        publishedAt
      }
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdateKnowledgeArticle($input: UpdateKnowledgeArticleInput!) {
    updateKnowledgeArticle(input: $input) {
      id
    }
  }
`);

const PUBLISH = graphql(`
  mutation PublishKnowledgeArticle($id: ID!) {
    publishKnowledgeArticle(id: $id) {
      id
    }
  }
`);

/** One article as readers see it, its draft waiting (if any) with an editor, and publishing. */
export default function ArticlePage() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(ARTICLE, { variables: { id } });
  const [editing, setEditing] = useState(false);
  const [update, updated] = useMutation(UPDATE, { refetchQueries: [ARTICLE], awaitRefetchQueries: true });
  const [publish, published] = useMutation(PUBLISH, { refetchQueries: [ARTICLE], awaitRefetchQueries: true });
  const a = data?.knowledgeArticle;
  if (loading && !a) return <Loader role="progressbar" aria-label="Loading the article" />;
  if (!a) return <RecordMissing what="Article" error={error} domain="service" />;
  // The newest version is what an editor works on: a draft above the published one, or the published one itself.
  const latest = a.versions.find((v) => v.version === a.latestVersion) ?? { title: a.title, body: a.body };
  const draftWaiting = a.publishedVersion == null || a.latestVersion > a.publishedVersion;
  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          {a.title}
        </Title>
        <Group role="group" aria-label="Status">
          <Badge size="lg">{label(a.status)}</Badge>
          <Badge size="lg" variant="light">
            {label(a.visibility)}
          </Badge>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {a.publishedAt ? `Published ${formatDateTime(a.publishedAt)} (version ${a.publishedVersion})` : 'Never published'} · changed{' '}
        {formatDateTime(a.updatedAt)} · helped {a.helpfulCount}, did not help {a.notHelpfulCount}
      </Text>
      <ErrorNotice error={error} domain={{ domain: 'service', access: 'read' }} />
      {editing ? (
        <ArticleForm
          initial={{ title: latest.title, body: latest.body, categoryId: a.categoryId ?? null, visibility: a.visibility }}
          submitLabel="Save draft"
          saving={updated.loading}
          error={updated.error}
          onCancel={() => setEditing(false)}
          onSave={(d) =>
            void update({ variables: { input: { id: a.id, ...d } } }).then(
              () => setEditing(false),
              () => undefined,
            )
          }
        />
      ) : (
        <>
          <Card withBorder component="section" aria-label={a.publishedVersion ? 'Published text' : 'Draft text'}>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{a.body}</Text>
          </Card>
          {draftWaiting && a.publishedVersion != null && (
            <Card withBorder component="section" aria-label="Draft waiting to be published" bg="yellow.0">
              <Title order={2} size="h4" mb="xs">
                Draft (version {a.latestVersion}): {latest.title}
              </Title>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{latest.body}</Text>
            </Card>
          )}
          <Group>
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit
            </Button>
            {(draftWaiting || a.status === 'ARCHIVED') && (
              <Button onClick={() => void publish({ variables: { id: a.id } }).catch(() => undefined)} loading={published.loading}>
                Publish
              </Button>
            )}
          </Group>
          <ErrorNotice error={published.error} domain={{ domain: 'service', access: 'write' }} />
        </>
      )}
    </Stack>
  );
}
