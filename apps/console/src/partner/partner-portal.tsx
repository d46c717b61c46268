import { ApolloProvider, useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Card, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router';
import { useSession } from '../auth/session';
import { formatDate, formatDateTime, label, money, textOf } from '../format/format';
import { ErrorNotice } from '../graphql/error-notice';
import { fieldErrors } from '../graphql/errors';
import { Shell } from '../layout/shell';
import type { PartnerDealRegistrationsQuery, PartnerLeadOffersQuery, PartnerOpportunitiesQuery, PartnerSearchQuery } from './gql/graphql';
import { createPersistedClient } from '../graphql/persisted-client';
import {
  PARTNER_ACCEPT_LEAD_OFFER,
  PARTNER_COMMISSIONS,
  PARTNER_DEAL_REGISTRATION,
  PARTNER_DEAL_REGISTRATIONS,
  PARTNER_DECLINE_LEAD_OFFER,
  PARTNER_LEAD_OFFERS,
  PARTNER_LEADS,
  PARTNER_LIST,
  PARTNER_OPPORTUNITIES,
  PARTNER_OPPORTUNITY,
  PARTNER_REGISTER_DEAL,
  PARTNER_SCORECARD,
  PARTNER_SEARCH,
  PARTNER_SELF,
  PARTNER_UPDATE_OPPORTUNITY,
} from './partner-operations';

const NAV = [
  { to: '/partner/deals', label: 'My deals' },
  { to: '/partner/registrations', label: 'My registrations' },
  { to: '/partner/offers', label: 'Lead offers' },
  { to: '/partner/leads', label: 'My leads' },
  { to: '/partner/commissions', label: 'Commissions' },
  { to: '/partner/scorecard', label: 'Scorecard' },
  { to: '/partner/search', label: 'Search' },
  { to: '/partner/register', label: 'Register a deal' },
];

/** The search text lives in the address (`?q=`), so a result page can be reloaded and shared. */
function Search() {
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const { data, error, loading } = useQuery(PARTNER_SEARCH, { variables: { query, first: 20 }, skip: query === '' });
  const errors = fieldErrors(error);
  // A hit whose record its owner no longer answers (deleted, or no longer the partner's) has none: not shown.
  const hits = (data?.search ?? []).flatMap((h) => (h.record ? [{ ...h, record: h.record }] : []));
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setParams({ q: textOf(new FormData(e.currentTarget), 'q') });
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        Search
      </Title>
      <form role="search" onSubmit={submit} noValidate>
        <Group align="flex-start">
          <TextInput
            key={query}
            name="q"
            label="Search your deals and customers"
            description="A name, or a contact's email"
            defaultValue={query}
            error={errors.query}
            w={360}
          />
          <Button type="submit" mt={44} loading={loading}>
            Search
          </Button>
        </Group>
      </form>
      <ErrorNotice error={error} skipFields />
      {data && hits.length === 0 && <Text>Nothing of yours matches “{query}”.</Text>}
      {hits.length > 0 && (
        <Table aria-label="Search results">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Found</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Matched</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {hits.map((h) => (
              <Table.Tr key={`${h.type}:${h.record.id}`}>
                <Table.Td>
                  <SearchHitLink record={h.record} />
                </Table.Td>
                <Table.Td>{label(h.type)}</Table.Td>
                <Table.Td>{h.matchedFields.join(', ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** Each hit links to the partner's own page for it; a customer's name is not in the partner contract, its id is. */
function SearchHitLink({ record }: { record: NonNullable<PartnerSearchQuery['search'][number]['record']> }) {
  switch (record.__typename) {
    case 'Opportunity':
      return (
        <Anchor component={Link} to={`/partner/deals/${record.id}`}>
          {record.name}
        </Anchor>
      );
    case 'Customer':
      return (
        <Anchor component={Link} to={`/partner/customers/${record.id}`}>
          Customer {record.id}
        </Anchor>
      );
    case 'Partner':
      return <Text>{record.name} (your company)</Text>;
  }
}

type PartnerDeal = PartnerOpportunitiesQuery['opportunities']['edges'][number]['node'];

/** The partner's deals, each linking to its page: on a customer's page, and under My deals with their close dates. */
function DealsTable({ label: name, deals, withCloseDate = false }: { label: string; deals: PartnerDeal[]; withCloseDate?: boolean }) {
  return (
    <Table aria-label={name}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Deal</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th ta="right">Amount</Table.Th>
          {withCloseDate && <Table.Th>Close date</Table.Th>}
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
            {withCloseDate && <Table.Td>{formatDate(d.closeDate)}</Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A customer the partner is linked to: when, and the partner's deals with it. */
function Customer({ partnerId }: { partnerId: string }) {
  const { id = '' } = useParams();
  const self = useQuery(PARTNER_SELF, { variables: { id: partnerId } });
  const deals = useQuery(PARTNER_OPPORTUNITIES, { variables: { first: 100, filter: { customerId: id } } });
  const link = self.data?.partner?.customerLinks.find((l) => l.customerId === id);
  if (self.loading) return <Loader aria-label="Loading the customer" />;
  // A customer the partner is not linked to answers as one that does not exist.
  if (!link)
    return (
      <Stack>
        <Title order={1} size="h2">
          Customer not found
        </Title>
        <ErrorNotice error={self.error} />
        <Text>There is no customer of yours at this address.</Text>
      </Stack>
    );
  const rows = deals.data?.opportunities.edges.map((e) => e.node) ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        {/* The name partners heard from sales; the id until it has. */}
        {link.customerName ?? `Customer ${id}`}
      </Title>
      <Text>Linked to your company on {formatDate(link.linkedAt.slice(0, 10))}.</Text>
      <ErrorNotice error={deals.error} />
      <DealsTable label="Your deals with this customer" deals={rows} />
    </Stack>
  );
}

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
      <DealsTable label="My deals" deals={deals} withCloseDate />
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

/**
 * Registering a deal asks the channel team to protect it for the partner (sales opens the
 * opportunity once it is approved); the partner then follows it under My registrations. A refusal
 * (a past expected close, a domain another partner holds) is shown beside the field it names.
 */
function Register({ partnerId }: { partnerId: string }) {
  const navigate = useNavigate();
  const self = useQuery(PARTNER_SELF, { variables: { id: partnerId } });
  const [register, registering] = useMutation(PARTNER_REGISTER_DEAL, { refetchQueries: [PARTNER_DEAL_REGISTRATIONS] });
  const [failure, setFailure] = useState<unknown>(null);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const errors = fieldErrors(failure);
  const customers =
    self.data?.partner?.customerLinks.map((l) => ({
      value: l.customerId,
      label: `${l.customerName ?? l.customerId} (linked ${formatDate(l.linkedAt.slice(0, 10))})`,
    })) ?? [];
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setFailure(null);
    register({
      variables: {
        input: {
          companyName: textOf(form, 'companyName'),
          domain: textOf(form, 'domain'),
          // Only when the company already is a customer of sales; a new company has none.
          ...(customerId ? { customerId } : {}),
          contactName: textOf(form, 'contactName'),
          contactEmail: textOf(form, 'contactEmail'),
          productInterest: textOf(form, 'productInterest'),
          estimatedAmount: { amount: textOf(form, 'amount'), currency: textOf(form, 'currency').toUpperCase() },
          expectedClose: textOf(form, 'expectedClose'),
        },
      },
    }).then(({ data }) => data && void navigate(`/partner/registrations?registered=${data.registerDeal.id}`), setFailure);
  };
  return (
    <Card withBorder component="form" onSubmit={submit} noValidate maw={560} aria-label="Register a deal">
      <Stack>
        <Title order={1} size="h2">
          Register a deal
        </Title>
        <ErrorNotice error={self.error} />
        <TextInput name="companyName" label="Company" error={errors.companyName} />
        <TextInput name="domain" label="Company domain" placeholder="acme.com" error={errors.domain} />
        <Select
          label="Already a customer"
          placeholder="No, a new company"
          data={customers}
          value={customerId}
          onChange={setCustomerId}
          error={errors.customerId}
          searchable
          clearable
        />
        <Group grow>
          <TextInput name="contactName" label="Contact name" error={errors.contactName} />
          <TextInput name="contactEmail" label="Contact email" type="email" error={errors.contactEmail} />
        </Group>
        <TextInput name="productInterest" label="Product interest" error={errors.productInterest} />
        <Group grow>
          <TextInput name="amount" label="Estimated amount" inputMode="decimal" placeholder="12500.00" error={errors.amount} />
          <TextInput name="currency" label="Currency" defaultValue="EUR" error={errors.currency} />
        </Group>
        <TextInput name="expectedClose" label="Expected close" type="date" error={errors.expectedClose} />
        <ErrorNotice error={failure} skipFields />
        <Button type="submit" loading={registering.loading}>
          Register
        </Button>
      </Stack>
    </Card>
  );
}

type Registration = PartnerDealRegistrationsQuery['dealRegistrations']['edges'][number]['node'];

/** What a registration's status means for the partner: why it was refused, how long it is protected, when it ran out. */
function registrationNote(r: Pick<Registration, 'status' | 'rejectionReason' | 'protectionExpiresAt' | 'expiredAt'>): string {
  switch (r.status) {
    case 'REJECTED':
      return r.rejectionReason ?? 'No reason given';
    case 'APPROVED':
      return r.protectionExpiresAt ? `Protected until ${formatDateTime(r.protectionExpiresAt)}` : 'Protected';
    case 'EXPIRED':
      return `Protection ran out ${formatDateTime(r.expiredAt)}`;
    case 'SUBMITTED':
      return 'Waiting for the channel team';
    default:
      return '—';
  }
}

/** The partner's deal registrations, newest first, each with where it stands and why. */
function Registrations() {
  const [params] = useSearchParams();
  const { data, error, loading } = useQuery(PARTNER_DEAL_REGISTRATIONS, { variables: { first: 100 }, fetchPolicy: 'cache-and-network' });
  const rows = data?.dealRegistrations.edges.map((e) => e.node) ?? [];
  const registered = rows.find((r) => r.id === params.get('registered'));
  return (
    <Stack>
      <Title order={1} size="h2">
        My registrations
      </Title>
      <ErrorNotice error={error} />
      {registered && (
        <Text role="status" fw={500}>
          Registered {registered.companyName}: the channel team decides on it.
        </Text>
      )}
      {loading && !data && <Loader role="progressbar" aria-label="Loading registrations" />}
      {data && rows.length === 0 && <Text>No registrations yet: register a deal to have it protected for you.</Text>}
      {rows.length > 0 && (
        <Table aria-label="My registrations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Company</Table.Th>
              <Table.Th>Domain</Table.Th>
              <Table.Th ta="right">Estimated</Table.Th>
              <Table.Th>Expected close</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Note</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/partner/registrations/${r.id}`}>
                    {r.companyName}
                  </Anchor>
                </Table.Td>
                <Table.Td>{r.domain}</Table.Td>
                <Table.Td ta="right">{money(r.estimatedAmount)}</Table.Td>
                <Table.Td>{formatDate(r.expectedClose)}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{label(r.status)}</Badge>
                </Table.Td>
                <Table.Td>{registrationNote(r)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** One registration, all of it; another partner's answers as one that does not exist. */
function RegistrationPage() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(PARTNER_DEAL_REGISTRATION, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const r = data?.dealRegistration;
  if (loading && !r) return <Loader role="progressbar" aria-label="Loading the registration" />;
  if (!r)
    return (
      <Stack>
        <Title order={1} size="h2">
          Registration not found
        </Title>
        <ErrorNotice error={error} />
        <Anchor component={Link} to="/partner/registrations">
          Back to my registrations
        </Anchor>
      </Stack>
    );
  const facts: [string, string][] = [
    ['Status', label(r.status)],
    ['Note', registrationNote(r)],
    ['Domain', r.domain],
    ['Contact', `${r.contactName} <${r.contactEmail}>`],
    ['Product interest', r.productInterest],
    ['Estimated amount', money(r.estimatedAmount)],
    ['Expected close', formatDate(r.expectedClose)],
    ['Submitted', formatDateTime(r.submittedAt)],
    ['Decided', formatDateTime(r.decidedAt)],
  ];
  return (
    <Stack>
      <Title order={1} size="h2">
        {r.companyName}
      </Title>
      <Table aria-label="Registration" maw={560}>
        <Table.Tbody>
          {facts.map(([name, value]) => (
            <Table.Tr key={name}>
              <Table.Th scope="row">{name}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {r.opportunityId && (
        <Anchor component={Link} to={`/partner/deals/${r.opportunityId}`}>
          Open the deal sales opened for it
        </Anchor>
      )}
    </Stack>
  );
}

type Offer = PartnerLeadOffersQuery['leadOffers']['edges'][number]['node'];

/**
 * Leads offered to the partner and not yet answered: accept one (its person then becomes readable
 * under My leads) or decline it (it goes to the next partner). Each answer is the server's: the
 * list is asked again, so an offer that ran out meanwhile leaves it too.
 */
function Offers() {
  const { data, error, loading, refetch } = useQuery(PARTNER_LEAD_OFFERS, {
    variables: { first: 50, status: 'PENDING' },
    fetchPolicy: 'cache-and-network',
  });
  const [accept] = useMutation(PARTNER_ACCEPT_LEAD_OFFER);
  const [decline] = useMutation(PARTNER_DECLINE_LEAD_OFFER);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [answered, setAnswered] = useState<string | null>(null);
  const offers = data?.leadOffers.edges.map((e) => e.node) ?? [];
  const answer = (offer: Offer, how: 'accept' | 'decline') => {
    const input = { input: { id: offer.id } };
    const who = offer.company ?? 'the lead';
    setBusy(offer.id);
    setFailure(null);
    setAnswered(null);
    (how === 'accept' ? accept({ variables: input }) : decline({ variables: input }))
      .then(() => {
        setAnswered(how === 'accept' ? `Accepted ${who}: it is among your leads once marketing has passed it on.` : `Declined ${who}.`);
        return refetch();
      })
      .catch(setFailure)
      .finally(() => setBusy(null));
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        Lead offers
      </Title>
      <ErrorNotice error={error ?? failure} />
      {answered && (
        <Text role="status" c="green.9">
          {answered}
        </Text>
      )}
      {loading && !data && <Loader role="progressbar" aria-label="Loading offers" />}
      {data && offers.length === 0 && <Text>No offers waiting for an answer.</Text>}
      {offers.length > 0 && (
        <Table aria-label="Lead offers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Company</Table.Th>
              <Table.Th>Country</Table.Th>
              <Table.Th>Industry</Table.Th>
              <Table.Th ta="right">Employees</Table.Th>
              <Table.Th>Answer by</Table.Th>
              <Table.Th>Answer</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {offers.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>{o.company ?? '—'}</Table.Td>
                <Table.Td>{o.country ?? o.region ?? '—'}</Table.Td>
                <Table.Td>{o.industry ?? '—'}</Table.Td>
                <Table.Td ta="right">{o.employeeCount ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(o.expiresAt)}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button
                      size="xs"
                      loading={busy === o.id}
                      onClick={() => answer(o, 'accept')}
                      aria-label={`Accept ${o.company ?? 'this lead'}`}
                    >
                      Accept
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      disabled={busy === o.id}
                      onClick={() => answer(o, 'decline')}
                      aria-label={`Decline ${o.company ?? 'this lead'}`}
                    >
                      Decline
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** The leads the partner accepted: the people behind them, as marketing lets the partner read them. */
function Leads() {
  const { data, error, loading } = useQuery(PARTNER_LEADS, { variables: { first: 100 }, fetchPolicy: 'cache-and-network' });
  const leads = data?.partnerLeads.edges.map((e) => e.node) ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        My leads
      </Title>
      <ErrorNotice error={error} />
      {loading && !data && <Loader role="progressbar" aria-label="Loading leads" />}
      {data && leads.length === 0 && <Text>No leads yet: accept an offer to get one.</Text>}
      {leads.length > 0 && (
        <Table aria-label="My leads">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Company</Table.Th>
              <Table.Th>Country</Table.Th>
              <Table.Th>Accepted</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {leads.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>{l.name}</Table.Td>
                <Table.Td>{l.email}</Table.Td>
                <Table.Td>{l.company ?? '—'}</Table.Td>
                <Table.Td>{l.country ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(l.acceptedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

const amounts = (list: { amount: string; currency: string }[]) => (list.length ? list.map(money).join(', ') : '—');
const share = (decimal: string | null) => (decimal === null ? '—' : `${(Number(decimal) * 100).toFixed(1)}%`);

/** The partner's commissions, newest first: on which deal, at what rate, and where each stands. */
function Commissions() {
  const { data, error, loading } = useQuery(PARTNER_COMMISSIONS, { variables: { first: 100 }, fetchPolicy: 'cache-and-network' });
  const rows = data?.commissions.edges.map((e) => e.node) ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        Commissions
      </Title>
      <ErrorNotice error={error} />
      {loading && !data && <Loader role="progressbar" aria-label="Loading commissions" />}
      {data && rows.length === 0 && <Text>No commissions yet: they accrue when a deal of yours is won.</Text>}
      {rows.length > 0 && (
        <Table aria-label="My commissions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Deal</Table.Th>
              <Table.Th>Period</Table.Th>
              <Table.Th ta="right">Base</Table.Th>
              <Table.Th ta="right">Rate</Table.Th>
              <Table.Th ta="right">Commission</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/partner/deals/${c.opportunityId}`}>
                    Deal
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.period}</Table.Td>
                <Table.Td ta="right">{money(c.base)}</Table.Td>
                <Table.Td ta="right">{c.ratePercent}%</Table.Td>
                <Table.Td ta="right">{money(c.amount)}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{label(c.status)}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** How the partner is doing, as the channel team sees it: registrations, revenue, commissions and lead offers. */
function Scorecard({ partnerId }: { partnerId: string }) {
  const { data, error, loading } = useQuery(PARTNER_SCORECARD, { variables: { partnerId }, fetchPolicy: 'cache-and-network' });
  const s = data?.partnerScorecard;
  const figures: [string, string][] = s
    ? [
        ['Registrations submitted', String(s.registrationsSubmitted)],
        ['Registrations approved', String(s.registrationsApproved)],
        ['Registrations rejected', String(s.registrationsRejected)],
        ['Registrations won', String(s.registrationsWon)],
        ['Registrations lost', String(s.registrationsLost)],
        ['Registrations expired', String(s.registrationsExpired)],
        ['Win rate', share(s.winRate)],
        ['Revenue', amounts(s.revenue)],
        ['Commissions accrued', amounts(s.commissionsAccrued)],
        ['Commissions paid', amounts(s.commissionsPaid)],
        ['Leads offered', String(s.leadOffers)],
        ['Leads accepted', String(s.leadOffersAccepted)],
        ['Leads declined', String(s.leadOffersDeclined)],
        ['Offers run out', String(s.leadOffersExpired)],
        ['Lead acceptance rate', share(s.leadAcceptanceRate)],
        ['Mean time to accept', s.averageSecondsToAccept === null ? '—' : `${Math.round(s.averageSecondsToAccept)} s`],
      ]
    : [];
  return (
    <Stack>
      <Title order={1} size="h2">
        Scorecard
      </Title>
      <ErrorNotice error={error} />
      {loading && !data && <Loader role="progressbar" aria-label="Loading the scorecard" />}
      {figures.length > 0 && (
        <Table aria-label="Scorecard" maw={520}>
          <Table.Tbody>
            {figures.map(([name, value]) => (
              <Table.Tr key={name}>
                <Table.Th scope="row">{name}</Table.Th>
                <Table.Td ta="right">{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
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
            <Route path="offers" element={<Offers />} />
            <Route path="leads" element={<Leads />} />
            <Route path="commissions" element={<Commissions />} />
            <Route path="scorecard" element={<Scorecard partnerId={partnerId} />} />
            <Route path="search" element={<Search />} />
            <Route path="customers/:id" element={<Customer partnerId={partnerId} />} />
            <Route path="registrations" element={<Registrations />} />
            <Route path="registrations/:id" element={<RegistrationPage />} />
            <Route path="register" element={<Register partnerId={partnerId} />} />
            <Route path="*" element={<Text>Page not found.</Text>} />
          </Routes>
        </Stack>
      </Shell>
    </ApolloProvider>
  );
}
