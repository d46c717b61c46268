import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Checkbox, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { label } from '../format/format';
import type { NotificationKind } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { NOTIFICATION_PREFERENCES, SET_NOTIFICATION_PREFERENCE } from './notification-operations';

/** What each kind is about, for a person choosing whether to hear of it. */
const ABOUT: Record<NotificationKind, string> = {
  MENTIONED: 'Someone mentioned you in a note',
  TEAM_MENTIONED: 'Someone mentioned a team you are in',
  ASSIGNED: 'A case, lead or deal was given to you',
  SLA_BREACHED: 'A case in your queue missed its SLA and was escalated',
  DEAL_REGISTRATION_SUBMITTED: 'A partner registered a deal that waits for your approval',
  CHURN_RISK_RAISED: 'A customer you own became at risk of churning',
  ACTIVITY_DUE_SOON: 'An activity of yours is due soon',
};

type Preference = { kind: NotificationKind; inApp: boolean; emailDigest: boolean };

/**
 * The caller's choice per kind of notification: in the app (off, none of that kind is made from
 * then on) and in the email digest. Each change is saved at once, and the list shows what the
 * server answered it keeps.
 */
export default function NotificationPreferencesPage() {
  const { data, error, loading } = useQuery(NOTIFICATION_PREFERENCES);
  const [save, saved] = useMutation(SET_NOTIFICATION_PREFERENCE);
  const change = (p: Preference, patch: Partial<Omit<Preference, 'kind'>>) => {
    const input = { kind: p.kind, inApp: p.inApp, emailDigest: p.emailDigest, ...patch };
    // Ticked at once; a refusal takes the tick back (the optimistic answer is dropped) and says why.
    void save({
      variables: { input },
      // The cache keeps an answer with its type name, which the generated result type leaves out.
      optimisticResponse: { setNotificationPreference: Object.assign({ __typename: 'NotificationPreference' as const }, input) },
      update: (cache, { data }) => {
        const kept = data?.setNotificationPreference;
        if (!kept) return;
        cache.updateQuery(
          { query: NOTIFICATION_PREFERENCES },
          (list) => list && { notificationPreferences: list.notificationPreferences.map((x) => (x.kind === kept.kind ? kept : x)) },
        );
      },
    }).catch(() => undefined);
  };
  return (
    <Stack maw={900}>
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          Notification preferences
        </Title>
        <Anchor component={Link} to="/notifications">
          Back to the inbox
        </Anchor>
      </Group>
      <Text size="sm" c="dimmed">
        The email digest is one mail a day of your unread notifications of the kinds ticked there, to the address in your profile.
      </Text>
      <ErrorNotice error={error ?? saved.error} domain={{ domain: 'analytics', access: 'read' }} />
      {loading && !data && <Loader size="sm" role="progressbar" aria-label="Loading your preferences" />}
      {data && (
        <Table aria-label="Notification preferences">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kind</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>In the app</Table.Th>
              <Table.Th>In the email digest</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.notificationPreferences.map((p) => (
              <Table.Tr key={p.kind}>
                <Table.Td>{label(p.kind)}</Table.Td>
                <Table.Td>{ABOUT[p.kind]}</Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`${label(p.kind)}: in the app`}
                    checked={p.inApp}
                    disabled={saved.loading}
                    onChange={(e) => change(p, { inApp: e.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`${label(p.kind)}: in the email digest`}
                    checked={p.emailDigest}
                    disabled={saved.loading}
                    onChange={(e) => change(p, { emailDigest: e.currentTarget.checked })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
