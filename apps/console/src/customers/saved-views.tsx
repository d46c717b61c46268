import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Checkbox, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { textOf } from '../format/format';
import { graphql } from '../gql';
import type { CustomerFilter, CustomerSort, SavedViewsQuery } from '../gql/graphql';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../graphql/error-notice';
import { fieldErrors } from '../graphql/errors';

export const SAVED_VIEWS = graphql(`
  query SavedViews {
    savedViews(list: CUSTOMERS) {
      id
      name
      shared
      ownerId
      owner {
        id
        name
      }
      sort
      filters {
        nameContains
        kind
        domain
        tier
        ownerId
        ownedBy
        tag
        industry
        sizes
        lifecycleStages
      }
    }
  }
`);

const SAVE_VIEW = graphql(`
  mutation SaveView($input: SaveViewInput!) {
    saveView(input: $input) {
      id
      name
    }
  }
`);

const RENAME_VIEW = graphql(`
  mutation RenameView($input: UpdateViewInput!) {
    updateView(input: $input) {
      id
      name
    }
  }
`);

const DELETE_VIEW = graphql(`
  mutation DeleteView($id: ID!) {
    deleteView(id: $id) {
      id
    }
  }
`);

export type SavedView = SavedViewsQuery['savedViews'][number];

/** A view's filter as `customers(filter:)` takes it: the fields it set, without nulls or __typename. */
export function filterOfView(view: SavedView): CustomerFilter {
  // The cache adds __typename to what it returns, which no input type takes.
  return Object.fromEntries(Object.entries(view.filters).filter(([k, v]) => k !== '__typename' && v !== null && v !== undefined));
}

/**
 * The customer list's saved views: pick one (its filter and sort go into the URL, so the link
 * shows the same rows to whoever opens it), save the current filters as a view, and rename or
 * delete your own. Colleagues' shared views can be picked but not changed.
 */
export function SavedViews({
  current,
  filter,
  sort,
  onPick,
  onSaved,
}: {
  /** The picked view's id, from the URL. */
  current: string | null;
  filter: CustomerFilter;
  sort: CustomerSort;
  onPick: (view: SavedView | null) => void;
  /** A view was saved from the current filters: it becomes the picked one. */
  onSaved: (id: string) => void;
}) {
  const me = useSession()?.userId?.toLowerCase();
  const { data, error } = useQuery(SAVED_VIEWS);
  const views = data?.savedViews ?? [];
  const picked = views.find((v) => v.id === current) ?? null;
  const [dialog, setDialog] = useState<'save' | 'rename' | null>(null);
  const [remove, removing] = useMutation(DELETE_VIEW, { refetchQueries: [SAVED_VIEWS] });
  const own = views.filter((v) => v.ownerId === me);
  const shared = views.filter((v) => v.ownerId !== me);
  return (
    <Group align="end">
      <Select
        label="Saved view"
        placeholder="Pick a view"
        data={[
          { group: 'My views', items: own.map((v) => ({ value: v.id, label: v.name })) },
          {
            group: 'Shared with everyone',
            items: shared.map((v) => ({ value: v.id, label: `${v.name} (${v.owner?.name ?? 'a colleague'})` })),
          },
        ].filter((g) => g.items.length > 0)}
        value={picked?.id ?? null}
        onChange={(id) => onPick(views.find((v) => v.id === id) ?? null)}
        clearable
        w={260}
      />
      <Button variant="default" onClick={() => setDialog('save')}>
        Save view
      </Button>
      {picked && picked.ownerId === me && (
        <>
          <Button variant="default" onClick={() => setDialog('rename')}>
            Rename view
          </Button>
          <Button
            variant="default"
            color="red"
            loading={removing.loading}
            onClick={() =>
              void remove({ variables: { id: picked.id } }).then(
                () => onPick(null),
                () => undefined,
              )
            }
          >
            Delete view
          </Button>
        </>
      )}
      <ErrorNotice error={error ?? removing.error} domain={{ domain: 'sales', access: 'read' }} />
      <Modal opened={dialog !== null} onClose={() => setDialog(null)} title={dialog === 'rename' ? 'Rename view' : 'Save view'}>
        {dialog === 'save' && (
          <ViewForm
            action="Save"
            onClose={() => setDialog(null)}
            onSaved={onSaved}
            withShare
            run={(name, shareWithAll) => ({
              mutation: 'save',
              input: { list: 'CUSTOMERS', name, filters: filter, sort, shared: shareWithAll },
            })}
          />
        )}
        {dialog === 'rename' && picked && (
          <ViewForm
            action="Rename"
            initialName={picked.name}
            onClose={() => setDialog(null)}
            onSaved={() => undefined}
            run={(name) => ({ mutation: 'rename', input: { id: picked.id, name } })}
          />
        )}
      </Modal>
    </Group>
  );
}

type Run =
  | { mutation: 'save'; input: { list: 'CUSTOMERS'; name: string; filters: CustomerFilter; sort: CustomerSort; shared: boolean } }
  | { mutation: 'rename'; input: { id: string; name: string } };

function ViewForm({
  action,
  initialName = '',
  withShare = false,
  run,
  onSaved,
  onClose,
}: {
  action: string;
  initialName?: string;
  withShare?: boolean;
  run: (name: string, shared: boolean) => Run;
  onSaved: (id: string) => void;
  onClose: () => void;
}) {
  const [save, saving] = useMutation(SAVE_VIEW, { refetchQueries: [SAVED_VIEWS], awaitRefetchQueries: true });
  const [rename, renaming] = useMutation(RENAME_VIEW, { refetchQueries: [SAVED_VIEWS], awaitRefetchQueries: true });
  const [failure, setFailure] = useState<unknown>(null);
  const errors = fieldErrors(failure);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const call = run(textOf(form, 'name'), form.get('shared') === 'on');
    const done =
      call.mutation === 'save'
        ? save({ variables: { input: call.input } }).then(({ data }) => data?.saveView.id)
        : rename({ variables: { input: call.input } }).then(({ data }) => data?.updateView.id);
    done.then(
      (id) => {
        if (id) onSaved(id);
        onClose();
      },
      (err: unknown) => setFailure(err),
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput name="name" label="View name" defaultValue={initialName} required maxLength={80} error={errors.name} data-autofocus />
        {withShare && <Checkbox name="shared" label="Share with everyone" />}
        <ErrorNotice error={failure} domain={{ domain: 'sales', access: 'read' }} skipFields={['name']} />
        <Group justify="end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={saving.loading || renaming.loading}>
            {action}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
