import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDateTime, label, money, textOf } from '../format/format';
import { ErrorNotice } from '../graphql/error-notice';
import { fieldErrors } from '../graphql/errors';
import { PageLoader } from '../layout/page-loader';
import { listColumns, options, PagedTable } from '../layout/paged-table';
import { RecordMissing, Section } from '../layout/record-parts';
import type { ItemCondition, PortalReturnFieldsFragment } from './gql/graphql';
import { PORTAL_REQUEST_RETURN, PORTAL_RETURN, PORTAL_RETURNS } from './portal-operations';

const CONDITIONS: ItemCondition[] = ['UNOPENED', 'OPENED', 'USED', 'DAMAGED', 'DEFECTIVE'];

/** The refund once paid; until then what the return waits for. */
const refundOf = (r: PortalReturnFieldsFragment) => (r.refund ? money(r.refund) : r.status === 'REJECTED' ? 'None' : 'Not yet');

/**
 * Asks for a return of the product the case is about (the only one a contact may send back: the
 * server takes the case's product when none is named). The server's refusal shows beside the field.
 */
export function RequestReturnForm({ caseId }: { caseId: string }) {
  const navigate = useNavigate();
  const [request, requested] = useMutation(PORTAL_REQUEST_RETURN);
  const [quantity, setQuantity] = useState<number | string>(1);
  const [condition, setCondition] = useState<ItemCondition>('UNOPENED');
  const errors = fieldErrors(requested.error);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = textOf(new FormData(e.currentTarget), 'reason');
    // A number the field could not read goes as 0: the server names the quantity, as for any other.
    const items = [{ quantity: typeof quantity === 'number' ? quantity : 0, reason, condition }];
    request({ variables: { input: { caseId, items } } }).then(
      ({ data }) => data && void navigate(`/portal/returns/${data.requestReturn.id}`),
      () => undefined, // shown from requested.error
    );
  };
  return (
    <Section title="Send the product back">
      <form onSubmit={onSubmit} noValidate aria-label="Request a return">
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            The product this case is about comes back; we answer here and on your returns page.
          </Text>
          <Group grow align="flex-start">
            <NumberInput
              label="Quantity"
              min={1}
              allowDecimal={false}
              value={quantity}
              onChange={setQuantity}
              error={errors.quantity}
              required
            />
            <Select
              label="Condition"
              data={options(CONDITIONS)}
              value={condition}
              allowDeselect={false}
              onChange={(v) => v && setCondition(v as ItemCondition)}
              error={errors.condition}
            />
          </Group>
          <TextInput name="reason" label="Why it comes back" required error={errors.reason} />
          {/* The case and the product are the page's, not fields of this form: an error naming them is said here. */}
          <ErrorNotice error={requested.error} skipFields={['quantity', 'condition', 'reason']} />
          <Group justify="flex-end">
            <Button type="submit" loading={requested.loading}>
              Request the return
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

type Row = PortalReturnFieldsFragment;
const col = listColumns<Row>();
const columns = col.columns([
  col.accessor('requestedAt', {
    header: 'Requested',
    cell: (info) => (
      <Anchor component={Link} to={`/portal/returns/${info.row.original.id}`}>
        {formatDateTime(info.getValue())}
      </Anchor>
    ),
  }),
  col.accessor('status', { header: 'Status', cell: (info) => <Badge variant="light">{label(info.getValue())}</Badge> }),
  col.accessor('items', { header: 'Items', cell: (info) => info.getValue().reduce((n, i) => n + i.quantity, 0) }),
  col.display({ id: 'refund', header: 'Refund', cell: (info) => refundOf(info.row.original) }),
  col.accessor('caseId', {
    header: 'Case',
    cell: (info) => (
      <Anchor component={Link} to={`/portal/cases/${info.getValue()}`}>
        Open the case
      </Anchor>
    ),
  }),
]);

/** The contact's company's returns, newest first (the endpoint answers no other customer's). */
export function PortalReturnsPage() {
  const { data, error, loading, fetchMore } = useQuery(PORTAL_RETURNS, { variables: { first: 50 }, fetchPolicy: 'cache-and-network' });
  return (
    <Stack>
      <Title order={1} size="h2">
        My returns
      </Title>
      <PagedTable
        label="My returns"
        columns={columns}
        connection={data?.caseReturns}
        rowKey={(r) => r.id}
        error={error}
        loading={loading}
        fetchMore={fetchMore}
        empty="No returns yet: ask for one on a return case."
      />
    </Stack>
  );
}

/** One return: where it is, what comes back and, once refunded, the refund; another customer's reads as one that does not exist. */
export function PortalReturnPage() {
  const { id = '' } = useParams();
  // Support moves a return on: coming back to it shows where it is now.
  const { data, error, loading } = useQuery(PORTAL_RETURN, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const r = data?.caseReturn;
  if (loading && !r) return <PageLoader />;
  if (!r) return <RecordMissing what="Return" error={error} />;
  return (
    <Stack>
      <Title order={1} size="h2">
        Return requested {formatDateTime(r.requestedAt)}
      </Title>
      <Table variant="vertical" withTableBorder={false} maw={560} aria-label="Return">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th>Status</Table.Th>
            <Table.Td>
              <Badge>{label(r.status)}</Badge>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Refund</Table.Th>
            <Table.Td>{refundOf(r)}</Table.Td>
          </Table.Tr>
          {r.rejectionReason && (
            <Table.Tr>
              <Table.Th>Why we refused it</Table.Th>
              <Table.Td>{r.rejectionReason}</Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th>Last change</Table.Th>
            <Table.Td>{formatDateTime(r.updatedAt)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Case</Table.Th>
            <Table.Td>
              <Anchor component={Link} to={`/portal/cases/${r.caseId}`}>
                Open the case
              </Anchor>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Section title="What comes back">
        <Table aria-label="Returned items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Quantity</Table.Th>
              <Table.Th>Condition</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.items.map((item, i) => (
              <Table.Tr key={i}>
                <Table.Td>{item.quantity}</Table.Td>
                <Table.Td>{label(item.condition)}</Table.Td>
                <Table.Td>{item.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
    </Stack>
  );
}
