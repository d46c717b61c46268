import { ApolloProvider } from '@apollo/client/react';
import { createTheme, MantineProvider, NavLink, type CSSVariablesResolver } from '@mantine/core';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { consoleConfig, rememberAccess } from './auth/console-config';
import { session } from './auth/session';
import { SignInCallbackPage, SignInPage } from './auth/sign-in.page';
import { createConsoleClient } from './graphql/client';
import { RequireSession, Shell } from './layout/shell';
import { PageLoader } from './layout/page-loader';

// Each page is its own chunk: the first load carries only the shell and the sign-in page.
const CustomersPage = lazy(() => import('./customers/customers.page'));
const Customer360Page = lazy(() => import('./customers/customer-360.page'));
const PipelineBoardPage = lazy(() => import('./pipeline/pipeline-board.page'));
const OpportunityPage = lazy(() => import('./opportunities/opportunity.page'));
const CaseQueuePage = lazy(() => import('./cases/case-queue.page'));
const CasePage = lazy(() => import('./cases/case.page'));
const SalesDashboardPage = lazy(() => import('./dashboard/sales-dashboard.page'));
const ServiceDashboardPage = lazy(() => import('./dashboard/service-dashboard.page'));
const MarketingDashboardPage = lazy(() => import('./dashboard/marketing-dashboard.page'));
const LeadsPage = lazy(() => import('./leads/leads.page'));
const LeadPage = lazy(() => import('./leads/lead.page'));
const PartnersPage = lazy(() => import('./partners/partners.page'));
const PartnerPage = lazy(() => import('./partners/partner.page'));
const KnowledgePage = lazy(() => import('./knowledge/knowledge.page'));
const NewArticlePage = lazy(() => import('./knowledge/new-article.page'));
const ArticlePage = lazy(() => import('./knowledge/article.page'));
const CampaignsPage = lazy(() => import('./campaigns/campaigns.page'));
const CampaignPage = lazy(() => import('./campaigns/campaign.page'));
const PartnerPortal = lazy(() => import('./partner/partner-portal'));
const CustomerPortal = lazy(() => import('./portal/customer-portal'));
const SurveyPage = lazy(() => import('./portal/survey.page'));
const OlapExplorerPage = lazy(() => import('./analytics/olap-explorer.page'));
const NotificationsPage = lazy(() => import('./notifications/notifications.page'));
const NotificationPreferencesPage = lazy(() => import('./notifications/notification-preferences.page'));
const NotificationBell = lazy(() => import('./notifications/notification-bell'));
const SegmentsPage = lazy(() => import('./segments/segments.page'));
const NewSegmentPage = lazy(() => import('./segments/new-segment.page'));
const SegmentPage = lazy(() => import('./segments/segment.page'));
const ForecastPage = lazy(() => import('./dashboard/forecast.page'));
const RetentionPage = lazy(() => import('./dashboard/retention.page'));
const CampaignPerformancePage = lazy(() => import('./dashboard/campaign-performance.page'));

// Mantine's defaults (blue 6 links and buttons, gray 6 dimmed text) fall under WCAG AA's 4.5:1 on white.
// The active page's link is filled: light blue text on its light, hovered background fell under 4.5:1.
const theme = createTheme({ primaryShade: 8, components: { NavLink: NavLink.extend({ defaultProps: { variant: 'filled' } }) } });
const contrast: CSSVariablesResolver = () => ({
  variables: {},
  // Mantine's error red (red 6 or 8) on white, in a field and beside it, also falls under 4.5:1.
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-9)' },
  dark: {},
});

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/sign-in/callback', element: <SignInCallbackPage /> },
  // A survey link from an email: no sign-in, its signed token is the authority.
  { path: '/portal/survey/:token', element: <SurveyPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: (
          <Shell
            extra={
              <Suspense fallback={null}>
                <NotificationBell />
              </Suspense>
            }
          />
        ),
        children: [
          { path: '/', element: <Navigate to="/customers" replace /> },
          { path: '/customers', element: <CustomersPage /> },
          { path: '/customers/:id', element: <Customer360Page /> },
          { path: '/pipeline', element: <PipelineBoardPage /> },
          { path: '/pipeline/:pipelineId', element: <PipelineBoardPage /> },
          { path: '/opportunities/:id', element: <OpportunityPage /> },
          { path: '/cases', element: <CaseQueuePage /> },
          { path: '/cases/:id', element: <CasePage /> },
          { path: '/dashboard', element: <SalesDashboardPage /> },
          { path: '/service-dashboard', element: <ServiceDashboardPage /> },
          { path: '/marketing-dashboard', element: <MarketingDashboardPage /> },
          { path: '/forecast', element: <ForecastPage /> },
          { path: '/retention', element: <RetentionPage /> },
          { path: '/campaign-performance', element: <CampaignPerformancePage /> },
          { path: '/leads', element: <LeadsPage /> },
          { path: '/leads/:id', element: <LeadPage /> },
          { path: '/campaigns', element: <CampaignsPage /> },
          { path: '/campaigns/:id', element: <CampaignPage /> },
          { path: '/partners', element: <PartnersPage /> },
          { path: '/partners/:id', element: <PartnerPage /> },
          { path: '/knowledge', element: <KnowledgePage /> },
          { path: '/knowledge/new', element: <NewArticlePage /> },
          { path: '/knowledge/:id', element: <ArticlePage /> },
          { path: '/analytics', element: <OlapExplorerPage /> },
          { path: '/segments', element: <SegmentsPage /> },
          { path: '/segments/new', element: <NewSegmentPage /> },
          { path: '/segments/:id', element: <SegmentPage /> },
          { path: '/notifications', element: <NotificationsPage /> },
          { path: '/notifications/preferences', element: <NotificationPreferencesPage /> },
          { path: '*', element: <Navigate to="/customers" replace /> },
        ],
      },
    ],
  },
  { element: <RequireSession area="partner" />, children: [{ path: '/partner/*', element: <PartnerPortal /> }] },
  { element: <RequireSession area="customer" />, children: [{ path: '/portal/*', element: <CustomerPortal /> }] },
]);

export function App() {
  const client = useMemo(() => createConsoleClient(), []);
  const [ready, setReady] = useState(false);
  // Signing out forgets everything the last person loaded.
  useEffect(() => session.subscribe(() => void (session.get() ? undefined : client.clearStore())), [client]);
  useEffect(() => {
    // The access matrix is needed to say which role a refused action needs; sign-in reports a failure itself.
    consoleConfig()
      .then(rememberAccess, () => undefined)
      .finally(() => setReady(true));
  }, []);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={contrast}>
      <ApolloProvider client={client}>{ready ? <RouterProvider router={router} /> : <PageLoader />}</ApolloProvider>
    </MantineProvider>
  );
}
