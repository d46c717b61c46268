import { useMutation } from '@apollo/client/react';
import { Button, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { label, textOf } from '../format/format';
import { graphql } from '../gql';
import type { CasePriority, CaseType } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { fieldErrors } from '../graphql/errors';

const OPEN_CASE = graphql(`
  mutation OpenCase($input: OpenCaseInput!) {
    openCase(input: $input) {
      id
    }
  }
`);

const PRIORITIES: CasePriority[] = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];
const TYPES: CaseType[] = ['REQUEST', 'INCIDENT', 'COMPLAINT', 'RETURN'];
const options = (values: string[]) => values.map((value) => ({ value, label: label(value) }));

/** "Open a case" for one customer: the server's refusals show beside the field they name. */
export function OpenCaseButton({ customerId }: { customerId: string }) {
  const [opened, setOpened] = useState(false);
  const [priority, setPriority] = useState<CasePriority>('MEDIUM');
  const [type, setType] = useState<CaseType>('REQUEST');
  const navigate = useNavigate();
  const [openCase, { error, loading }] = useMutation(OPEN_CASE);
  const errors = fieldErrors(error);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const description = textOf(form, 'description');
    void openCase({
      variables: {
        input: { customerId, subject: textOf(form, 'subject'), priority, type, channel: 'PHONE', ...(description ? { description } : {}) },
      },
    }).then(
      (res) => {
        if (res.data) void navigate(`/cases/${res.data.openCase.id}`);
      },
      () => undefined,
    );
  };
  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpened(true)}>
        Open a case
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Open a case">
        <form onSubmit={onSubmit}>
          <Stack>
            <TextInput name="subject" label="Subject" required error={errors.subject} data-autofocus />
            <Select
              label="Type"
              data={options(TYPES)}
              value={type}
              allowDeselect={false}
              onChange={(v) => setType(v as CaseType)}
              error={errors.type}
            />
            <Select
              label="Priority"
              data={options(PRIORITIES)}
              value={priority}
              allowDeselect={false}
              onChange={(v) => setPriority(v as CasePriority)}
              error={errors.priority}
            />
            <Textarea name="description" label="Description" autosize minRows={3} error={errors.description} />
            <ErrorNotice error={error} skipFields domain={{ domain: 'service', access: 'write' }} />
            <Button type="submit" loading={loading}>
              Open the case
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
