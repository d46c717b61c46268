import { useMutation } from '@apollo/client/react';
import { Stack, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { graphql } from '../gql';
import { ArticleForm } from './article-form';

const CREATE = graphql(`
  mutation CreateKnowledgeArticle($input: CreateKnowledgeArticleInput!) {
    createKnowledgeArticle(input: $input) {
      id
    }
  }
`);

/** A new article starts as a draft: readers and search see it once it is published. */
export default function NewArticlePage() {
  const navigate = useNavigate();
  const [create, created] = useMutation(CREATE);
  return (
    <Stack>
      <Title order={1} size="h2">
        New article
      </Title>
      <ArticleForm
        initial={{ title: '', body: '', categoryId: null, visibility: 'INTERNAL' }}
        submitLabel="Save draft"
        saving={created.loading}
        error={created.error}
        onCancel={() => void navigate('/knowledge')}
        onSave={(d) =>
          void create({ variables: { input: { ...d, categoryId: d.categoryId ?? undefined } } }).then(
            ({ data }) => data && void navigate(`/knowledge/${data.createKnowledgeArticle.id}`),
            () => undefined,
          )
        }
      />
    </Stack>
  );
}
