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
};

interface DevTokenAnswer {
  token?: string;
  errors?: { message: string }[];
}

/** A development token from the gateway; the endpoint exists only while the stack runs on its local keys. */
async function devToken(role: Role, partnerId?: string): Promise<string> {
  const res = await fetch('/console/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, ...(partnerId ? { partnerId } : {}) }),
  });
  const body = (await res.json().catch(() => ({}))) as DevTokenAnswer;
  if (!res.ok || !body.token) throw new Error(body.errors?.[0]?.message ?? `Sign-in failed (HTTP ${res.status})`);
  return body.token;
}

/** The seeded partners to sign in as, read as a sales rep would see them. */
async function seededPartners(): Promise<{ value: string; label: string }[]> {
  const token = await devToken('sales');
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'query SignInPartners { partners(first: 50) { edges { node { id name } } } }' }),
  });
  const body = (await res.json()) as { data?: { partners: { edges: { node: { id: string; name: string } }[] } } };
  return body.data?.partners.edges.map(({ node }) => ({ value: node.id, label: node.name })) ?? [];
}

function DevelopmentSignIn({ roles, onToken }: { roles: Role[]; onToken: (token: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [partners, setPartners] = useState<{ value: string; label: string }[] | null>(null);
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const signIn = (role: Role, partner?: string) => devToken(role, partner).then(onToken, (e: Error) => setError(e.message));
  useEffect(() => {
    if (!roles.includes('partner')) return;
    seededPartners().then(setPartners, () => setPartners([]));
  }, [roles]);
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
        {/* Only the roles this console has pages for: the gateway may offer more (the customer
            role, whose portal is not built here yet). */}
        {roles
          .filter((r) => r !== 'partner' && Object.hasOwn(LABELS, r))
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
            placeholder={partners === null ? 'Loading partners…' : partners.length ? 'Pick a partner' : 'No partners yet'}
            data={partners ?? []}
            value={partnerId}
            onChange={setPartnerId}
            searchable
          />
          <Button disabled={!partnerId} onClick={() => partnerId && void signIn('partner', partnerId)}>
            Sign in as partner
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
          {!config && !failure && <Loader aria-label="Loading" />}
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
  return <Center mih="100vh">{failure ? <Alert color="red">{failure}</Alert> : <Loader aria-label="Signing in" />}</Center>;
}
