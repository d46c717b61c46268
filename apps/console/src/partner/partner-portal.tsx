import { ApolloProvider, useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Card, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { useSession } from '../auth/session';
import { formatDate, formatDateTime, label, money, textOf } from '../format/format';
import { ErrorNotice } from '../graphql/error-notice';
import { fieldErrors } from '../graphql/errors';
import { Shell } from '../layout/shell';
import { createPersistedClient } from '../graphql/persisted-client';
import {
  PARTNER_CREATE_OPPORTUNITY,
  PARTNER_LIST,
  PARTNER_OPPORTUNITIES,
  PARTNER_OPPORTUNITY,
  PARTNER_SELF,
  PARTNER_UPDATE_OPPORTUNITY,
} from './partner-operations';

const NAV = [
  { to: '/partner/deals', label: 'My deals' },
  { to: '/partner/register', label: 'Register a deal' },
];

function Deals() {
  const { data, error, loading } = useQuery(PARTNER_OPPORTUNITIES, { variables: { first: 100 } });
  const deals = data?.opportunities.edges.map((e) => e.node) ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        My deals
      </Title>
      <ErrorNotice error={error} />
      {loading && <Loader role="progressbar" aria-label="Loading deals" />}
      {data && (
        <Text size="sm" c="dimmed">
          {data.opportunities.totalCount} deals registered by your company.
        </Text>
      )}
      <Table aria-label="My deals">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Deal</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
            <Table.Th>Close date</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deals.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Anchor component={Link} to={`/partner/deals/${d.id}`}>
                  {d.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Badge variant="light">{label(d.status)}</Badge>
              </Table.Td>
              <Table.Td ta="right">{money(d.amount)}</Table.Td>
              <Table.Td>{formatDate(d.closeDate)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Deal() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(PARTNER_OPPORTUNITY, { variables: { id } });
  const [update, updating] = useMutation(PARTNER_UPDATE_OPPORTUNITY);
  const [failure, setFailure] = useState<unknown>(null);
  const errors = fieldErrors(failure);
  const deal = data?.opportunity;
  if (loading) return <Loader role="progressbar" aria-label="Loading the deal" />;
  // Another partner's deal answers exactly as a deal that does not exist.
  if (!deal)
    return (
      <Stack>
        <Title order={1} size="h2">
          Deal not found
        </Title>
        <ErrorNotice error={error} />
        <Text>There is no deal of yours at this address.</Text>
        <Anchor component={Link} to="/partner/deals">
          Back to my deals
        </Anchor>
      </Stack>
    );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setFailure(null);
    update({ variables: { input: { id: deal.id, name: textOf(form, 'name'), closeDate: textOf(form, 'closeDate') } } }).catch(setFailure);
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {deal.name}
      </Title>
      <Text>
        {label(deal.status)} · {money(deal.amount)} · closes {formatDate(deal.closeDate)} · registered {formatDateTime(deal.createdAt)}
      </Text>
      <Card withBorder component="form" onSubmit={submit} noValidate maw={480}>
        <Stack>
          <Title order={2} size="h4">
            Update the deal
          </Title>
          <TextInput name="name" label="Name" defaultValue={deal.name} error={errors.name} />
          <TextInput name="closeDate" label="Close date" type="date" defaultValue={deal.closeDate} error={errors.closeDate} />
          <ErrorNotice error={failure} skipFields />
          <Button type="submit" loading={updating.loading}>
            Save
          </Button>
        </Stack>
      </Card>
    </Stack>
  );
}

function Register({ partnerId }: { partnerId: string }) {
  const navigate = useNavigate();
  const self = useQuery(PARTNER_SELF, { variables: { id: partnerId } });
  const [create, creating] = useMutation(PARTNER_CREATE_OPPORTUNITY);
  const [failure, setFailure] = useState<unknown>(null);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const errors = fieldErrors(failure);
  const customers =
    self.data?.partner?.customerLinks.map((l) => ({
      value: l.customerId,
      label: `${l.customerId} (linked ${formatDate(l.linkedAt.slice(0, 10))})`,
    })) ?? [];
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setFailure(null);
    create({
      variables: {
        input: {
          customerId: customerId ?? '',
          name: textOf(form, 'name'),
          amount: { amount: textOf(form, 'amount'), currency: textOf(form, 'currency').toUpperCase() },
          closeDate: textOf(form, 'closeDate'),
        },
      },
    }).then(({ data }) => data && void navigate(`/partner/deals/${data.createOpportunity.id}`), setFailure);
  };
  return (
    <Card withBorder component="form" onSubmit={submit} noValidate maw={520}>
      <Stack>
        <Title order={1} size="h2">
          Register a deal
        </Title>
        <ErrorNotice error={self.error} />
        <Select label="Customer" data={customers} value={customerId} onChange={setCustomerId} error={errors.customerId} searchable />
        <TextInput name="name" label="Deal name" error={errors.name} />
        <Group grow>
          <TextInput name="amount" label="Amount" inputMode="decimal" placeholder="12500.00" error={errors.amount} />
          <TextInput name="currency" label="Currency" defaultValue="EUR" error={errors.currency} />
        </Group>
        <TextInput name="closeDate" label="Expected close date" type="date" error={errors.closeDate} />
        <ErrorNotice error={failure} skipFields />
        <Button type="submit" loading={creating.loading}>
          Register
        </Button>
      </Stack>
    </Card>
  );
}

function PartnerName() {
  const { data } = useQuery(PARTNER_LIST, { variables: { first: 1 } });
  const me = data?.partners.edges[0]?.node;
  return me ? <Title order={2} size="h4">{`${me.name} (${label(me.kind)})`}</Title> : null;
}

/** The partner portal: the partner's own deals through the partner endpoint's safelist, nothing else. */
export default function PartnerPortal() {
  const client = useMemo(() => createPersistedClient('/partner/graphql'), []);
  const partnerId = useSession()?.partnerId ?? '';
  return (
    <ApolloProvider client={client}>
      <Shell title="Partner portal" nav={NAV}>
        <Stack>
          <PartnerName />
          <Routes>
            <Route index element={<Deals />} />
            <Route path="deals" element={<Deals />} />
            <Route path="deals/:id" element={<Deal />} />
            <Route path="register" element={<Register partnerId={partnerId} />} />
            <Route path="*" element={<Text>Page not found.</Text>} />
          </Routes>
        </Stack>
      </Shell>
    </ApolloProvider>
  );
}
