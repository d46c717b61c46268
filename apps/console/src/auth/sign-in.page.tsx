import { Alert, Button, Card, Center, Group, Loader, Select, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { consoleConfig, type ConsoleConfig } from './console-config';
import { homeOf } from './home';
import { session, type Role } from './session';

const LABELS: Record<Role, string> = {
  admin: 'Administrator',
  sales: 'Sales rep',
  marketing: 'Marketer',
  service: 'Support agent',
  analyst: 'Analyst',
  partner: 'Partner',
  customer: 'Customer contact',
};

interface DevTokenAnswer {
  token?: string;
  errors?: { message: string }[];
}

/** Who a partner or a customer contact signs in as: the claims its token carries. */
type Scope = { partnerId: string } | { customerId: string; contactId: string } | Record<string, never>;

/** A development token from the gateway; the endpoint exists only while the stack runs on its local keys. */
async function devToken(role: Role, scope: Scope = {}): Promise<string> {
  const res = await fetch('/console/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, ...scope }),
  });
  const body = (await res.json().catch(() => ({}))) as DevTokenAnswer;
  if (!res.ok || !body.token) throw new Error(body.errors?.[0]?.message ?? `Sign-in failed (HTTP ${res.status})`);
  return body.token;
}

type Choice = { value: string; label: string };

/** The seeded records to sign in as (partners, customers, a customer's contacts), read as a sales rep sees them. */
async function asSales<T>(query: string, variables: Record<string, unknown>, pick: (data: T) => Choice[]): Promise<Choice[]> {
  const token = await devToken('sales');
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T };
  return body.data ? pick(body.data) : [];
}

type Edges<T> = { edges: { node: T }[] };
const seededPartners = () =>
  asSales<{ partners: Edges<{ id: string; name: string }> }>(
    'query SignInPartners { partners(first: 50) { edges { node { id name } } } }',
    {},
    (d) => d.partners.edges.map(({ node }) => ({ value: node.id, label: node.name })),
  );
const seededCustomers = () =>
  asSales<{ customers: Edges<{ id: string; name: string }> }>(
    'query SignInCustomers { customers(first: 50) { edges { node { id name } } } }',
    {},
    (d) => d.customers.edges.map(({ node }) => ({ value: node.id, label: node.name })),
  );
const contactsOf = (id: string) =>
  asSales<{ customer: { contacts: { id: string; fullName: string }[] } | null }>(
    'query SignInContacts($id: ID!) { customer(id: $id) { contacts { id fullName } } }',
    { id },
    (d) => d.customer?.contacts.map((c) => ({ value: c.id, label: c.fullName })) ?? [],
  );

/** A list to pick from, loaded once it is needed: null while loading. */
function useChoices(load: (() => Promise<Choice[]>) | null, deps: unknown[]): Choice[] | null {
  const [choices, setChoices] = useState<Choice[] | null>(null);
  useEffect(() => {
    setChoices(null);
    if (!load) return;
    let live = true;
    load().then(
      (c) => live && setChoices(c),
      () => live && setChoices([]),
    );
    return () => void (live = false);
    // The caller names what the list depends on: `load` is a new function on every render.
  }, deps);
  return choices;
}

const placeholder = (choices: Choice[] | null, what: string) =>
  choices === null ? `Loading ${what}s…` : choices.length ? `Pick a ${what}` : `No ${what}s yet`;

function DevelopmentSignIn({ roles, onToken }: { roles: Role[]; onToken: (token: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [contactId, setContactId] = useState<string | null>(null);
  const partners = useChoices(roles.includes('partner') ? seededPartners : null, [roles]);
  const customers = useChoices(roles.includes('customer') ? seededCustomers : null, [roles]);
  const contacts = useChoices(customerId ? () => contactsOf(customerId) : null, [customerId]);
  const signIn = (role: Role, scope?: Scope) => devToken(role, scope).then(onToken, (e: Error) => setError(e.message));
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Development sign-in: the stack is running on its local keys. Pick who to be.
      </Text>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group>
        {/* Only the roles this console has pages for, and the partner and customer below: the gateway may offer more. */}
        {roles
          .filter((r) => r !== 'partner' && r !== 'customer' && Object.hasOwn(LABELS, r))
          .map((role) => (
            <Button key={role} onClick={() => void signIn(role)} variant="light">
              {LABELS[role]}
            </Button>
          ))}
      </Group>
      {roles.includes('partner') && (
        <Group align="end">
          <Select
            label="Partner"
            placeholder={placeholder(partners, 'partner')}
            data={partners ?? []}
            value={partnerId}
            onChange={setPartnerId}
            searchable
          />
          <Button disabled={!partnerId} onClick={() => partnerId && void signIn('partner', { partnerId })}>
            Sign in as partner
          </Button>
        </Group>
      )}
      {roles.includes('customer') && (
        <Group align="end">
          <Select
            label="Customer"
            placeholder={placeholder(customers, 'customer')}
            data={customers ?? []}
            value={customerId}
            onChange={(id) => {
              setCustomerId(id);
              setContactId(null);
            }}
            searchable
          />
          <Select
            label="Contact"
            placeholder={customerId ? placeholder(contacts, 'contact') : 'Pick a customer first'}
            data={contacts ?? []}
            value={contactId}
            onChange={setContactId}
            disabled={!customerId}
          />
          <Button
            disabled={!customerId || !contactId}
            onClick={() => customerId && contactId && void signIn('customer', { customerId, contactId })}
          >
            Sign in as customer
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export function SignInPage() {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  useEffect(() => {
    consoleConfig().then(setConfig, (e: Error) => setFailure(e.message));
  }, []);
  const onToken = (token: string) => {
    const s = session.signIn(token);
    void navigate(params.get('next') ?? homeOf(s), { replace: true });
  };
  const oidcSignIn = async () => {
    if (config?.signIn.mode !== 'oidc') return;
    const { userManager } = await import('./oidc');
    await userManager(config.signIn).signinRedirect({ state: params.get('next') ?? undefined });
  };
  return (
    <Center mih="100vh">
      <Card withBorder w={560} padding="xl">
        <Stack>
          <Title order={1} size="h2">
            Sign in to the CRM console
          </Title>
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          {!config && !failure && <Loader role="progressbar" aria-label="Loading" />}
          {config?.signIn.mode === 'development' && <DevelopmentSignIn roles={config.signIn.roles} onToken={onToken} />}
          {config?.signIn.mode === 'oidc' && <Button onClick={() => void oidcSignIn()}>Sign in with your organisation</Button>}
          {config?.signIn.mode === 'unavailable' && (
            <Alert color="orange" role="alert">
              {config.signIn.reason}
            </Alert>
          )}
        </Stack>
      </Card>
    </Center>
  );
}

/** Where the identity provider sends the browser back with the authorization code. */
export function SignInCallbackPage() {
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    void (async () => {
      const config = await consoleConfig();
      if (config.signIn.mode !== 'oidc') throw new Error('This console does not use an identity provider');
      const { userManager } = await import('./oidc');
      const user = await userManager(config.signIn).signinRedirectCallback();
      const s = session.signIn(user.access_token);
      await navigate(typeof user.state === 'string' ? user.state : homeOf(s), { replace: true });
    })().catch((e: Error) => setFailure(`Sign-in failed: ${e.message}`));
  }, [navigate]);
  return (
    <Center mih="100vh">{failure ? <Alert color="red">{failure}</Alert> : <Loader role="progressbar" aria-label="Signing in" />}</Center>
  );
}
