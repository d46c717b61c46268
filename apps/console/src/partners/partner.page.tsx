import { useMutation, useQuery } from '@apollo/client/react';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime, label, money, textOf } from '../format/format';
import { graphql } from '../gql';
import type { PartnerDetailQuery, PartnerTier } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { RecordMissing, Section } from '../layout/record-parts';
import { fieldErrors } from '../graphql/errors';
import { options } from '../layout/paged-table';
import { TIERS } from './partners.page';

const PARTNER = graphql(`
  query PartnerDetail($id: ID!) {
    partner(id: $id) {
      id
      name
      kind
      tier
      status
      territory
      createdAt
      users {
        userId
        name
        email
        addedAt
      }
      customerLinks {
        customerId
        customer {
          id
          name
        }
      }
    }
    partnerScorecard(partnerId: $id) {
      registrationsSubmitted
      registrationsApproved
      registrationsRejected
      registrationsWon
      registrationsLost
      registrationsExpired
      winRate
      revenue {
        amount
        currency
      }
      commissionsAccrued {
        amount
        currency
      }
      commissionsPaid {
        amount
        currency
      }
      leadOffers
      leadOffersAccepted
      leadOffersDeclined
      leadOffersExpired
      leadAcceptanceRate
      averageSecondsToAccept
    }
    dealRegistrations(first: 100) {
      edges {
        node {
          id
          partnerId
          companyName
          domain
          customerId
          contactName
          productInterest
          estimatedAmount {
            amount
            currency
          }
          expectedClose
          status
          submittedAt
        }
      }
      pageInfo {
        hasNextPage
      }
    }
    commissions(first: 50, filter: { partnerId: $id }) {
      edges {
        node {
          id
          opportunityId
          period
          ratePercent
          amount {
            amount
            currency
          }
          status
        }
      }
    }
  }
`);

const UPDATE = graphql(`
  mutation UpdatePartner($input: UpdatePartnerInput!) {
    updatePartner(input: $input) {
      id
      tier
      status
      territory
    }
  }
`);

const ADD_USER = graphql(`
  mutation AddPartnerUser($input: AddPartnerUserInput!) {
    addPartnerUser(input: $input) {
      id
      users {
        userId
        name
        email
        addedAt
      }
    }
  }
`);

const REMOVE_USER = graphql(`
  mutation RemovePartnerUser($input: RemovePartnerUserInput!) {
    removePartnerUser(input: $input) {
      id
      users {
        userId
        name
        email
        addedAt
      }
    }
  }
`);

const APPROVE = graphql(`
  mutation ApproveDealRegistration($input: ApproveDealRegistrationInput!) {
    approveDealRegistration(input: $input) {
      id
      status
      opportunityId
    }
  }
`);

const REJECT = graphql(`
  mutation RejectDealRegistration($input: RejectDealRegistrationInput!) {
    rejectDealRegistration(input: $input) {
      id
      status
      rejectionReason
    }
  }
`);

const APPROVE_COMMISSION = graphql(`
  mutation ApproveCommission($input: CommissionIdInput!) {
    approveCommission(input: $input) {
      id
      status
      approvedAt
    }
  }
`);

const PAY_COMMISSION = graphql(`
  mutation PayCommission($input: CommissionIdInput!) {
    payCommission(input: $input) {
      id
      status
      paidAt
    }
  }
`);

type Partner = NonNullable<PartnerDetailQuery['partner']>;
type Registration = PartnerDetailQuery['dealRegistrations']['edges'][number]['node'];
const WRITE = { domain: 'partners', access: 'write' } as const;

/** Tier and territory as a form; suspending (and reactivating) is a button of its own, as it locks the partner out. */
function Profile({ partner }: { partner: Partner }) {
  const [update, updated] = useMutation(UPDATE);
  const [tier, setTier] = useState<PartnerTier>(partner.tier);
  const [territory, setTerritory] = useState<string[]>(partner.territory);
  const errors = fieldErrors(updated.error);
  const save = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void update({ variables: { input: { id: partner.id, tier, territory } } }).catch(() => undefined);
  };
  const suspended = partner.status === 'SUSPENDED';
  const setStatus = () =>
    void update({ variables: { input: { id: partner.id, status: suspended ? 'ACTIVE' : 'SUSPENDED' } } }).catch(() => undefined);
  return (
    <Section title="Profile">
      <form onSubmit={save} noValidate>
        <Group align="end">
          <Select
            label="Tier"
            data={options(TIERS)}
            value={tier}
            allowDeselect={false}
            onChange={(v) => v && setTier(v as PartnerTier)}
            error={errors.tier}
          />
          <TagsInput
            label="Territory"
            description="Country codes (DE) and regions (EMEA)"
            value={territory}
            onChange={setTerritory}
            error={errors.territory}
            w={320}
          />
          <Button type="submit" loading={updated.loading}>
            Save
          </Button>
          <Button color={suspended ? undefined : 'red.9'} variant="outline" onClick={setStatus} loading={updated.loading}>
            {suspended ? 'Reactivate' : 'Suspend'}
          </Button>
        </Group>
      </form>
      {suspended && (
        <Text size="sm" mt="xs">
          Suspended: the partner’s people cannot sign in until it is reactivated.
        </Text>
      )}
      <ErrorNotice error={updated.error} skipFields domain={WRITE} />
    </Section>
  );
}

function Users({ partner }: { partner: Partner }) {
  const [add, added] = useMutation(ADD_USER);
  const [remove, removed] = useMutation(REMOVE_USER);
  const errors = fieldErrors(added.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const input = { partnerId: partner.id, userId: textOf(form, 'userId'), name: textOf(form, 'name'), email: textOf(form, 'email') };
    void add({ variables: { input } }).then(
      () => formEl.reset(),
      () => undefined,
    );
  };
  return (
    <Section title="Partner users">
      {partner.users.length === 0 && <Text c="dimmed">Nobody at the partner has access yet.</Text>}
      <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {partner.users.map((u) => (
          <li key={u.userId}>
            <Group gap="xs">
              <Text size="sm">
                {u.name} · {u.email} · since {formatDate(u.addedAt.slice(0, 10))}
              </Text>
              <Button
                size="compact-xs"
                variant="subtle"
                aria-label={`Remove ${u.name}`}
                onClick={() => void remove({ variables: { input: { partnerId: partner.id, userId: u.userId } } }).catch(() => undefined)}
              >
                Remove
              </Button>
            </Group>
          </li>
        ))}
      </Stack>
      <ErrorNotice error={removed.error} domain={WRITE} />
      <form onSubmit={submit} noValidate>
        <Group align="end" mt="sm">
          <TextInput name="userId" label="User id" error={errors.userId} />
          <TextInput name="name" label="Name" error={errors.name} />
          <TextInput name="email" label="Email" error={errors.email} />
          <Button type="submit" variant="light" loading={added.loading}>
            Give access
          </Button>
        </Group>
        <ErrorNotice error={added.error} skipFields domain={WRITE} />
      </form>
    </Section>
  );
}

/** One registration waiting for a decision: approve (on a customer, when the partner named none) or reject with a reason. */
function Waiting({ registration: r, customers }: { registration: Registration; customers: { value: string; label: string }[] }) {
  const [approve, approved] = useMutation(APPROVE, { refetchQueries: [PARTNER] });
  const [reject, rejected] = useMutation(REJECT, { refetchQueries: [PARTNER] });
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const errors = { ...fieldErrors(approved.error), ...fieldErrors(rejected.error) };
  const onApprove = () =>
    void approve({ variables: { input: { id: r.id, ...(customerId ? { customerId } : {}) } } }).catch(() => undefined);
  const onReject = () => void reject({ variables: { input: { id: r.id, reason } } }).catch(() => undefined);
  return (
    <Card withBorder padding="sm" component="article" aria-label={`Registration: ${r.companyName}`}>
      <Text fw={600}>
        {r.companyName} ({r.domain})
      </Text>
      <Text size="sm">
        {r.contactName} · {r.productInterest} · {money(r.estimatedAmount)} · expected {formatDate(r.expectedClose)} · submitted{' '}
        {formatDateTime(r.submittedAt)}
      </Text>
      <Group align="end" mt="xs">
        {!r.customerId && (
          <Select
            label="Customer to open the deal on"
            placeholder={customers.length ? 'Pick a linked customer' : 'The partner has no linked customer'}
            data={customers}
            value={customerId}
            onChange={setCustomerId}
            error={errors.customerId}
          />
        )}
        <Button onClick={onApprove} loading={approved.loading}>
          Approve
        </Button>
        <TextInput label="Reason to reject" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
        <Button variant="outline" color="red.9" onClick={onReject} loading={rejected.loading}>
          Reject
        </Button>
      </Group>
      {errors.id && (
        <Text c="red.9" size="sm" role="alert">
          {errors.id}
        </Text>
      )}
      <ErrorNotice error={approved.error ?? rejected.error} skipFields domain={WRITE} />
    </Card>
  );
}

function Commissions({ rows }: { rows: PartnerDetailQuery['commissions']['edges'][number]['node'][] }) {
  const [approve, approved] = useMutation(APPROVE_COMMISSION);
  const [pay, paid] = useMutation(PAY_COMMISSION);
  if (rows.length === 0) return <Text c="dimmed">No commissions yet.</Text>;
  return (
    <>
      <Table aria-label="Commissions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Month</Table.Th>
            <Table.Th>Opportunity</Table.Th>
            <Table.Th>Rate</Table.Th>
            <Table.Th>Amount</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{c.period}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/opportunities/${c.opportunityId}`}>
                  Open
                </Anchor>
              </Table.Td>
              <Table.Td>{c.ratePercent} %</Table.Td>
              <Table.Td>{money(c.amount)}</Table.Td>
              <Table.Td>{label(c.status)}</Table.Td>
              <Table.Td>
                {c.status === 'ACCRUED' && (
                  <Button size="compact-sm" onClick={() => void approve({ variables: { input: { id: c.id } } }).catch(() => undefined)}>
                    Approve
                  </Button>
                )}
                {c.status === 'APPROVED' && (
                  <Button size="compact-sm" onClick={() => void pay({ variables: { input: { id: c.id } } }).catch(() => undefined)}>
                    Mark paid
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ErrorNotice error={approved.error ?? paid.error} domain={WRITE} />
    </>
  );
}

const sums = (ms: { amount: string; currency: string }[]) => (ms.length ? ms.map(money).join(' + ') : '—');
/** A scorecard rate ("0.7500") as a percentage; null (nothing decided yet) as a dash. */
const percent = (rate: string | null) => (rate ? `${(Number(rate) * 100).toFixed(1)} %` : '—');
/** The mean time to accept a lead, in the unit a channel manager reads it in. */
const waited = (seconds: number | null) =>
  seconds === null
    ? '—'
    : seconds < 120
      ? `${Math.round(seconds)} s`
      : seconds < 7200
        ? `${Math.round(seconds / 60)} min`
        : `${(seconds / 3600).toFixed(1)} h`;

/** One partner for its channel manager: profile with suspend, people, registrations to decide, commissions and the scorecard (deals and leads). */
export default function PartnerPage() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(PARTNER, { variables: { id } });
  const partner = data?.partner;
  if (loading && !partner) return <Loader role="progressbar" aria-label="Loading the partner" />;
  if (!partner) return <RecordMissing what="Partner" error={error} domain="partners" />;
  const waiting = data.dealRegistrations.edges.map((e) => e.node).filter((r) => r.partnerId === partner.id && r.status === 'SUBMITTED');
  const customers = partner.customerLinks.map((l) => ({ value: l.customerId, label: l.customer?.name ?? l.customerId }));
  const card = data.partnerScorecard;
  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          {partner.name}
        </Title>
        <Group role="group" aria-label="Status and tier">
          <Badge size="lg" color={partner.status === 'SUSPENDED' ? 'red.9' : undefined}>
            {label(partner.status)}
          </Badge>
          <Badge size="lg" variant="light">
            {label(partner.tier)}
          </Badge>
          <Badge size="lg" variant="outline">
            {label(partner.kind)}
          </Badge>
        </Group>
      </Group>
      <ErrorNotice error={error} domain={{ domain: 'partners', access: 'read' }} />
      <Profile key={`${partner.tier}${partner.territory.join()}`} partner={partner} />
      <Section title="Deal registrations waiting for approval">
        {waiting.length === 0 && <Text c="dimmed">None waiting.</Text>}
        <Stack gap="sm">
          {waiting.map((r) => (
            <Waiting key={r.id} registration={r} customers={customers} />
          ))}
        </Stack>
        {/* The API lists registrations newest first across partners, without a filter: older ones are not reached here. */}
        {data.dealRegistrations.pageInfo.hasNextPage && (
          <Text size="sm" c="dimmed" mt="xs">
            Only the newest 100 registrations of all partners were checked.
          </Text>
        )}
      </Section>
      <Section title="Scorecard">
        {card ? (
          <SimpleGrid cols={{ base: 2, md: 5 }}>
            <Text size="sm">Submitted: {card.registrationsSubmitted}</Text>
            <Text size="sm">Approved: {card.registrationsApproved}</Text>
            <Text size="sm">Rejected: {card.registrationsRejected}</Text>
            <Text size="sm">Won: {card.registrationsWon}</Text>
            <Text size="sm">Lost: {card.registrationsLost}</Text>
            <Text size="sm">Expired: {card.registrationsExpired}</Text>
            <Text size="sm">Win rate: {percent(card.winRate)}</Text>
            <Text size="sm">Revenue: {sums(card.revenue)}</Text>
            <Text size="sm">Commissions earned: {sums(card.commissionsAccrued)}</Text>
            <Text size="sm">Paid: {sums(card.commissionsPaid)}</Text>
            <Text size="sm">Leads offered: {card.leadOffers}</Text>
            <Text size="sm">Accepted: {card.leadOffersAccepted}</Text>
            <Text size="sm">Declined: {card.leadOffersDeclined}</Text>
            <Text size="sm">Let expire: {card.leadOffersExpired}</Text>
            <Text size="sm">Acceptance rate: {percent(card.leadAcceptanceRate)}</Text>
            <Text size="sm">Time to accept: {waited(card.averageSecondsToAccept)}</Text>
          </SimpleGrid>
        ) : (
          <Text c="dimmed">No scorecard.</Text>
        )}
      </Section>
      <Section title="Commissions">
        <Commissions rows={data.commissions.edges.map((e) => e.node)} />
      </Section>
      <Users partner={partner} />
      <Section title="Customers">
        {customers.length === 0 && <Text c="dimmed">Not linked to any customer yet.</Text>}
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {customers.map((c) => (
            <li key={c.value}>
              <Anchor component={Link} to={`/customers/${c.value}`}>
                {c.label}
              </Anchor>
            </li>
          ))}
        </Stack>
      </Section>
    </Stack>
  );
}
