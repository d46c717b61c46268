import { useQuery } from '@apollo/client/react';
import { Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import type { ArticleVisibility } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { fieldErrors } from '../graphql/errors';
import { options } from '../layout/paged-table';

const CATEGORIES = graphql(`
  query KnowledgeCategories {
    knowledgeCategories(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export interface ArticleDraft {
  title: string;
  body: string;
  categoryId: string | null;
  visibility: ArticleVisibility;
}

const VISIBILITIES: ArticleVisibility[] = ['INTERNAL', 'PUBLIC'];

/** Title, body (plain text), category and visibility of an article; the server's refusals show beside their field. */
export function ArticleForm({
  initial,
  submitLabel,
  saving,
  error,
  onSave,
  onCancel,
}: {
  initial: ArticleDraft;
  submitLabel: string;
  saving: boolean;
  error: unknown;
  onSave: (draft: ArticleDraft) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const categories = useQuery(CATEGORIES);
  const errors = fieldErrors(error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSave({ ...draft, title: draft.title.trim() });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Article editor">
      <Stack>
        <TextInput
          label="Title"
          value={draft.title}
          onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })}
          error={errors.title}
        />
        <Textarea
          label="Body"
          description="Plain text"
          autosize
          minRows={8}
          value={draft.body}
          onChange={(e) => setDraft({ ...draft, body: e.currentTarget.value })}
          error={errors.body}
        />
        <Group>
          <Select
            label="Category"
            placeholder="None"
            clearable
            data={categories.data?.knowledgeCategories.edges.map((e) => ({ value: e.node.id, label: e.node.name })) ?? []}
            value={draft.categoryId}
            onChange={(v) => setDraft({ ...draft, categoryId: v })}
            error={errors.categoryId}
          />
          <Select
            label="Visibility"
            data={options(VISIBILITIES)}
            value={draft.visibility}
            allowDeselect={false}
            onChange={(v) => v && setDraft({ ...draft, visibility: v as ArticleVisibility })}
            error={errors.visibility}
          />
        </Group>
        <ErrorNotice error={error} skipFields domain={{ domain: 'service', access: 'write' }} />
        <Group justify="end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
