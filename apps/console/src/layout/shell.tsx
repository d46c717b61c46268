import { AppShell, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { Suspense, type ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { areaOf, homeOf, type Area } from '../auth/home';
import { session, useSession } from '../auth/session';
import { PageLoader } from './page-loader';

const PAGES = [
  { to: '/customers', label: 'Customers' },
  { to: '/pipeline', label: 'Pipeline' },
  { to: '/cases', label: 'Cases' },
  { to: '/dashboard', label: 'Sales dashboard' },
  { to: '/forecast', label: 'Forecast' },
  { to: '/service-dashboard', label: 'Service dashboard' },
  { to: '/leads', label: 'Leads' },
  { to: '/campaigns', label: 'Campaigns' },
  { to: '/marketing-dashboard', label: 'Marketing dashboard' },
  { to: '/campaign-performance', label: 'Campaign performance' },
  { to: '/partners', label: 'Partners' },
  { to: '/knowledge', label: 'Knowledge base' },
  { to: '/analytics', label: 'OLAP explorer' },
  { to: '/retention', label: 'Retention cohorts' },
  { to: '/segments', label: 'Segments' },
];

/** Signed-in pages only: without a session (or once the gateway says it ended) back to sign-in, then back here. */
export function RequireSession({ area = 'staff' }: { area?: Area }) {
  const s = useSession();
  const location = useLocation();
  if (!s) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  // A partner or a customer that lands on another part of the console goes to its own portal (and staff to theirs).
  if (areaOf(s) !== area) return <Navigate to={homeOf(s)} replace />;
  return <Outlet />;
}

function SignedInAs() {
  const s = useSession();
  return (
    <Group gap="sm">
      <Text size="sm" c="dimmed">
        Signed in as {s?.roles.join(', ')}
      </Text>
      <Button size="xs" variant="default" onClick={() => session.signOut()}>
        Sign out
      </Button>
    </Group>
  );
}

/** The frame of every signed-in page: its pages come from the router's outlet, or as children (the partner portal's own routes). */
export function Shell({
  title = 'CRM console',
  nav = PAGES,
  extra,
  children,
}: {
  title?: string;
  nav?: { to: string; label: string }[];
  /** More of the header, beside who is signed in (the staff's notifications). */
  extra?: ReactNode;
  children?: ReactNode;
}) {
  const { pathname } = useLocation();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={2} size="h4">
            {title}
          </Title>
          <Group gap="sm">
            {extra}
            <SignedInAs />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {nav.map((p) => (
          <NavLink key={p.to} component={Link} to={p.to} label={p.label} active={pathname.startsWith(p.to)} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>{children ?? <Outlet />}</Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
